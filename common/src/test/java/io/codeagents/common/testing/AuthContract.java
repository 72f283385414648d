package io.codeagents.common.testing;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.oneOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;

import org.junit.jupiter.api.Test;

import io.codeagents.common.auth.Scope;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/**
 * API-key authentication and rate limiting as a user meets them. Subclasses are {@code @QuarkusTest
 * @TestProfile(AuthOnProfile.class)} and name one protected call of their service.
 */
public abstract class AuthContract {

    /** The scope {@link #call(RequestSpecification)} requires. */
    protected abstract Scope requiredScope();

    /** Performs the protected call with the given request (which may carry a key). */
    protected abstract Response call(RequestSpecification request);

    private Response withKey(String key) {
        RequestSpecification request = given();
        if (key != null) {
            request = request.header("Authorization", "Bearer " + key);
        }
        return call(request);
    }

    @Test
    void noKeyIs401() {
        withKey(null).then().statusCode(401).contentType("application/problem+json")
                .body("error_code", equalTo("AUTH_001")).header("WWW-Authenticate", "Bearer realm=\"codeagents\"");
    }

    @Test
    void unknownKeyIs401() {
        withKey("not-a-configured-key").then().statusCode(401).body("error_code", equalTo("AUTH_001"));
    }

    @Test
    void keyWithoutTheScopeIs403() {
        Scope other = Arrays.stream(Scope.values()).filter(s -> s != requiredScope() && s != Scope.ADMIN).findFirst()
                .orElseThrow();
        withKey(AuthOnProfile.keyFor(other)).then().statusCode(403).contentType("application/problem+json")
                .body("error_code", equalTo("AUTH_002"));
    }

    @Test
    void keyWithTheScopeOrAdminPasses() {
        withKey(AuthOnProfile.keyFor(requiredScope())).then().statusCode(not(oneOf(401, 403, 429)));
        withKey(AuthOnProfile.ADMIN_KEY).then().statusCode(not(oneOf(401, 403, 429)));
    }

    @Test
    void overTheLimitIs429WithRetryAfter() {
        // A minute boundary may reset the window once, so allow up to two windows' worth before the refusal.
        int allowed = 0;
        Response refused = null;
        for (int i = 0; i < 2 * AuthOnProfile.LIMIT + 1 && refused == null; i++) {
            Response response = withKey(AuthOnProfile.LIMITED_KEY);
            if (response.statusCode() == 429) {
                refused = response;
            } else {
                allowed++;
            }
        }
        assertTrue(refused != null, "no 429 after " + allowed + " requests with a limit of " + AuthOnProfile.LIMIT);
        assertTrue(allowed >= AuthOnProfile.LIMIT, "refused after only " + allowed + " requests");
        refused.then().contentType("application/problem+json").body("error_code", equalTo("RATE_001"));
        int retryAfter = Integer.parseInt(refused.header("Retry-After"));
        assertTrue(retryAfter >= 1 && retryAfter <= 60, "Retry-After " + retryAfter);
    }

    @Test
    void healthAndMetricsStayPublic() {
        given().get("/health/ready").then().statusCode(200);
        given().get("/metrics").then().statusCode(200);
    }
}
