package io.codeagents.doctor.rest;

import static io.codeagents.doctor.Reports.check;
import static io.codeagents.doctor.Reports.report;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.codeagents.common.testing.OutageProfile;
import io.codeagents.common.testing.OutageProxies;
import io.codeagents.common.testing.TcpProxy;
import io.codeagents.doctor.fakes.FakeDeployment;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;

/**
 * PostgreSQL and Redis taken away (through proxies, the real servers stay up for everyone else): the report still
 * answers within the check's timeout and names the cause as critical, with a fix; it recovers when they return.
 */
@QuarkusTest
@TestProfile(OutageProfile.class)
class DoctorOutageTest {

    private static final long TIMEOUT_MS = 1500;
    /** What a busy two-core CI machine adds to any answer; a stalled report would take many times longer. */
    private static final long SLACK_MS = 2000;

    @BeforeEach
    void healthyDeployment() {
        FakeDeployment.resetAll();
    }

    @Test
    void postgresGoneIsCriticalAndTheReportStillAnswers() throws Exception {
        assertEquals("ok", report("?category=deps").getString("status"));
        TcpProxy postgres = OutageProxies.postgres();
        postgres.cut();
        try {
            long start = System.nanoTime();
            JsonPath report = report();
            long elapsedMs = (System.nanoTime() - start) / 1_000_000;
            Map<String, Object> check = check(report, "deps.postgres");
            assertEquals("critical", check.get("status"), report.prettify());
            assertTrue(((String) check.get("summary")).startsWith("PostgreSQL at 127.0.0.1:"),
                    (String) check.get("summary"));
            assertTrue(((String) check.get("fix")).contains("QUARKUS_DATASOURCE_JDBC_URL"));
            assertEquals("critical", report.getString("status"));
            assertNull(report.get("id"), "nothing stored while PostgreSQL is away");
            assertTrue(report.getString("history_error").contains("PostgreSQL"));
            assertTrue(elapsedMs < TIMEOUT_MS + SLACK_MS, "the report took " + elapsedMs + " ms");
        } finally {
            postgres.restore();
        }
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(300))
                .untilAsserted(() -> assertEquals("ok", report("?check=deps.postgres").getString("status")));
    }

    @Test
    void redisGoneIsCriticalWithAFix() throws Exception {
        assertEquals("ok", report("?category=deps").getString("status"));
        TcpProxy redis = OutageProxies.redis();
        redis.cut();
        try {
            long start = System.nanoTime();
            JsonPath report = report();
            long elapsedMs = (System.nanoTime() - start) / 1_000_000;
            Map<String, Object> check = check(report, "deps.redis");
            assertEquals("critical", check.get("status"), report.prettify());
            assertTrue(((String) check.get("fix")).contains("QUARKUS_REDIS_HOSTS"));
            assertEquals("ok", check(report, "deps.postgres").get("status"));
            assertTrue(report.getLong("id") > 0, "PostgreSQL is there: the report is kept");
            assertTrue(elapsedMs < TIMEOUT_MS + SLACK_MS, "the report took " + elapsedMs + " ms: " + report.prettify());
        } finally {
            redis.restore();
        }
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(300))
                .untilAsserted(() -> assertEquals("ok", report("?check=deps.redis").getString("status")));
    }
}
