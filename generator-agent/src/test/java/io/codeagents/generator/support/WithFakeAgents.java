package io.codeagents.generator.support;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;

/** Shared steps of the tests that run against {@link FakeAgents}: fakes and breakers reset, submit, wait for the end. */
public abstract class WithFakeAgents {

    @Inject
    CircuitBreakerMaintenance breakers;

    /** Starts from quiet fakes: no task of an earlier test still running against them. */
    @BeforeEach
    void resetFakesAndBreakers() {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> unfinished("queued") + unfinished("running") == 0);
        FakeAgents.reset();
        breakers.resetAll();
    }

    private static int unfinished(String status) {
        return given().get("/tasks?size=1&status=" + status).then().statusCode(200).extract().path("total");
    }

    protected static String submit(Map<String, Object> body) {
        return given().contentType(ContentType.JSON).body(body).post("/tasks").then().statusCode(202).extract()
                .path("id");
    }

    protected static JsonPath awaitFinal(String id) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() -> {
            String status = given().get("/tasks/" + id).then().statusCode(200).extract().path("status");
            return status.equals("succeeded") || status.equals("failed") || status.equals("cancelled");
        });
        return given().get("/tasks/" + id).then().statusCode(200).extract().jsonPath();
    }

    protected static JsonPath awaitStatus(String id, String wanted) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> wanted.equals(given().get("/tasks/" + id).then().extract().path("status")));
        return given().get("/tasks/" + id).then().statusCode(200).extract().jsonPath();
    }
}
