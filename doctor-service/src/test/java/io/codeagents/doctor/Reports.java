package io.codeagents.doctor;

import static io.restassured.RestAssured.given;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.restassured.path.json.JsonPath;

/** Reading reports in tests: GET /doctor and one check of it. */
public final class Reports {

    private Reports() {
    }

    public static JsonPath report(String query) {
        return given().get("/doctor" + query).then().statusCode(200).extract().jsonPath();
    }

    public static JsonPath report() {
        return report("");
    }

    public static Map<String, Object> check(JsonPath report, String id) {
        Map<String, Object> check = report.getMap("checks.find { it.id == '" + id + "' }");
        if (check == null) {
            throw new AssertionError("no check " + id + " in " + report.prettify());
        }
        return check;
    }

    public static String status(JsonPath report, String id) {
        return (String) check(report, id).get("status");
    }

    /** "id: status (summary)" for every check not ok: the message when a test expected all ok. */
    public static String notOk(JsonPath report) {
        List<Map<String, Object>> checks = report.getList("checks");
        return checks.stream().filter(c -> !"ok".equals(c.get("status")))
                .map(c -> c.get("id") + ": " + c.get("status") + " (" + c.get("summary") + ")")
                .collect(Collectors.joining("; "));
    }
}
