package io.codeagents.common.testing;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import java.time.Duration;

import org.junit.jupiter.api.Test;

/**
 * PostgreSQL going away turns readiness DOWN within seconds while liveness stays UP, and its return brings readiness back
 * without a restart. Redis does the same where the service requires it; elsewhere readiness stays UP and names what is
 * degraded. Subclasses are {@code @QuarkusTest @TestProfile(OutageProfile.class)}.
 */
public abstract class DependencyOutageContract {

    /** Whether this service cannot work without Redis ({@code codeagents.redis.required}). */
    protected abstract boolean redisRequired();

    @Test
    void readinessFollowsPostgres() throws Exception {
        assertReadinessFollows(OutageProxies.postgres(), true);
    }

    @Test
    void readinessFollowsRedisWhereRequired() throws Exception {
        assertReadinessFollows(OutageProxies.redis(), redisRequired());
    }

    private void assertReadinessFollows(TcpProxy proxy, boolean required) throws Exception {
        given().get("/health/ready").then().statusCode(200);
        proxy.cut();
        try {
            if (required) {
                await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200)).untilAsserted(
                        () -> given().get("/health/ready").then().statusCode(503).body("status", equalTo("DOWN")));
            } else {
                await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200)).untilAsserted(
                        () -> given().get("/health/ready").then().statusCode(200)
                                .body("checks.data.degraded", hasItem(org.hamcrest.Matchers.notNullValue())));
            }
            given().get("/health/live").then().statusCode(200).body("status", equalTo("UP"));
        } finally {
            proxy.restore();
        }
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> given().get("/health/ready").then().statusCode(200).body("status", equalTo("UP")));
    }
}
