package io.codeagents.doctor.rest;

import static io.codeagents.doctor.Reports.check;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.codeagents.common.testing.AuthOnProfile;
import io.codeagents.doctor.AdminAuthProfile;
import io.codeagents.doctor.fakes.FakeDeployment;
import io.codeagents.doctor.fakes.FakeService;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;

/** Outside dev mode, with authentication on: published secrets are warnings naming the variable, never the value. */
@QuarkusTest
@TestProfile(AdminAuthProfile.class)
class SecretsPolicyTest {

    @BeforeEach
    void healthyDeployment() {
        FakeDeployment.resetAll();
    }

    private static String report(String query) {
        return given().header("Authorization", "Bearer " + AuthOnProfile.ADMIN_KEY).get("/doctor" + query).then()
                .statusCode(200).extract().asString();
    }

    @Test
    void publishedSecretsAreWarningsThatNeverShowTheValue() {
        String body = report("?category=config");
        JsonPath report = new JsonPath(body);
        Map<String, Object> keys = check(report, "config.api_keys");
        assertEquals("ok", keys.get("status"), (String) keys.get("summary"));
        assertEquals("authentication on, service key set, 5 user keys", keys.get("summary"));
        Map<String, Object> passwords = check(report, "config.default_passwords");
        assertEquals("warning", passwords.get("status"));
        assertTrue(((String) passwords.get("summary")).contains("CODEAGENTS_API_KEY is a published default"));
        assertTrue(((String) passwords.get("summary")).contains("QUARKUS_DATASOURCE_PASSWORD"),
                "the test database has no password or a default one");
        assertFalse(body.contains(AdminAuthProfile.SERVICE_KEY), "secrets are named, never shown");
    }

    @Test
    void theServiceKeyGoesWithEveryCallToTheServices() {
        report("?check=services.model-gateway&check=models.backends");
        for (FakeService.Received request : FakeDeployment.gateway().received()) {
            assertEquals("Bearer " + AdminAuthProfile.SERVICE_KEY, request.authorization(), request.path());
        }
        assertFalse(FakeDeployment.gateway().received("GET", "/v1/backends").isEmpty());
    }
}
