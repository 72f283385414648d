package io.codeagents.doctor.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** Error rates from Prometheus text as Quarkus/Micrometer writes it, and "recent" from earlier samples. */
class RequestCountsTest {

    private static final String METRICS = """
            # HELP http_server_requests_seconds
            # TYPE http_server_requests_seconds summary
            http_server_requests_seconds_count{method="POST",outcome="SUCCESS",status="200",uri="/generate"} 90.0
            http_server_requests_seconds_sum{method="POST",outcome="SUCCESS",status="200",uri="/generate"} 12.5
            http_server_requests_seconds_count{method="POST",outcome="SERVER_ERROR",status="502",uri="/generate"} 8.0
            http_server_requests_seconds_count{method="GET",outcome="CLIENT_ERROR",status="404",uri="/tasks/{id}"} 2.0
            http_server_requests_seconds_count{method="GET",outcome="SERVER_ERROR",status="503",uri="/health/ready"} 40.0
            http_server_requests_seconds_count{method="GET",outcome="SUCCESS",status="200",uri="/metrics"} 300.0
            http_server_requests_seconds_max{method="POST",outcome="SUCCESS",status="200",uri="/generate"} 0.5
            """;

    @Test
    void countsUserTrafficByStatusLeavingProbesOut() {
        RequestCounts counts = RequestCounts.parse(METRICS);
        assertEquals(100, counts.total());
        assertEquals(8, counts.serverErrors());
        assertEquals(2, counts.clientErrors());
        assertEquals(Map.of("POST /generate 502", 8L), counts.serverErrorsByRoute());
        assertEquals(0.08, counts.serverErrorRatio(), 1e-9);
    }

    @Test
    void recentMeansSinceTheBaselineUnlessTheServiceRestarted() {
        RequestCounts before = new RequestCounts(100, 2, 8, Map.of("POST /generate 502", 8L));
        RequestCounts now = new RequestCounts(150, 2, 28, Map.of("POST /generate 502", 28L));
        RequestCounts recent = now.since(before);
        assertEquals(50, recent.total());
        assertEquals(20, recent.serverErrors());
        assertEquals(Map.of("POST /generate 502", 20L), recent.serverErrorsByRoute());
        RequestCounts afterRestart = new RequestCounts(10, 0, 1, Map.of());
        assertSame(afterRestart, afterRestart.since(before));
    }

    @Test
    void theBaselineIsTheNewestSampleAtLeastOneWindowOld() {
        MetricSamples samples = new MetricSamples();
        Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
        Duration window = Duration.ofMinutes(5);
        assertNull(samples.recordAndBaseline("svc", t0, RequestCounts.NONE, window), "first sample: no baseline");
        assertEquals(t0, samples.recordAndBaseline("svc", t0.plusSeconds(60), RequestCounts.NONE, window).at(),
                "younger than the window: the oldest kept");
        samples.recordAndBaseline("svc", t0.plusSeconds(240), RequestCounts.NONE, window);
        assertEquals(t0.plusSeconds(60),
                samples.recordAndBaseline("svc", t0.plusSeconds(400), RequestCounts.NONE, window).at());
        assertEquals(t0.plusSeconds(400),
                samples.recordAndBaseline("svc", t0.plusSeconds(1000), RequestCounts.NONE, window).at());
    }
}
