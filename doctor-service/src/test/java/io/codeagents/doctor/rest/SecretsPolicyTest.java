package io.codeagents.doctor.rest;

import static io.codeagents.doctor.Reports.check;
import static io.codeagents.doctor.Reports.report;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.codeagents.doctor.fakes.FakeDeployment;
import io.codeagents.doctor.fakes.FakeService;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;

/** Outside dev mode, published or empty secrets and authentication switched off are warnings naming the variable. */
@QuarkusTest
@TestProfile(SecretsPolicyTest.Enforced.class)
class SecretsPolicyTest {

    private static final String PUBLISHED_KEY = "codeagents-local-dev-key";

    public static class Enforced implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("doctor.secrets.enforced", "true", "codeagents.api-key", PUBLISHED_KEY,
                    "codeagents.auth.enabled", "false");
        }
    }

    @Test
    void publishedSecretsAndAuthOffAreWarnings() {
        FakeDeployment.resetAll();
        String body = given().get("/doctor?category=config").then().statusCode(200).extract().asString();
        JsonPath report = new JsonPath(body);
        Map<String, Object> keys = check(report, "config.api_keys");
        assertEquals("warning", keys.get("status"));
        assertTrue(((String) keys.get("summary")).contains("CODEAGENTS_AUTH_ENABLED=false"));
        Map<String, Object> passwords = check(report, "config.default_passwords");
        assertEquals("warning", passwords.get("status"));
        assertTrue(((String) passwords.get("summary")).contains("CODEAGENTS_API_KEY is a published default"));
        assertTrue(((String) passwords.get("summary")).contains("QUARKUS_DATASOURCE_PASSWORD"),
                "the test database has no password or a default one");
        assertFalse(body.contains(PUBLISHED_KEY), "secrets are named, never shown");
    }

    @Test
    void theServiceKeyGoesWithEveryCallToTheServices() {
        FakeDeployment.resetAll();
        report("?check=services.model-gateway&check=models.backends");
        for (FakeService.Received request : FakeDeployment.gateway().received()) {
            assertEquals("Bearer " + PUBLISHED_KEY, request.authorization(), request.path());
        }
        assertFalse(FakeDeployment.gateway().received("GET", "/v1/backends").isEmpty());
    }
}
