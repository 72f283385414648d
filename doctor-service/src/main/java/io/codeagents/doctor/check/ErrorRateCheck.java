package io.codeagents.doctor.check;

import java.time.Duration;
import java.util.Comparator;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

import io.codeagents.doctor.client.ServiceClient;
import io.codeagents.doctor.config.ChecksConfig;
import io.codeagents.doctor.config.ErrorRateThresholds;
import io.codeagents.doctor.domain.CheckStatus;
import io.codeagents.doctor.domain.Finding;
import io.smallrye.mutiny.Uni;

/** The share of a service's recent requests it answered with a 5xx, from its Prometheus {@code /metrics}. */
public class ErrorRateCheck implements Check {

    private final ServiceClient service;
    private final ChecksConfig config;
    private final ErrorRateThresholds thresholds;
    private final MetricSamples samples;

    public ErrorRateCheck(ServiceClient service, ChecksConfig config, ErrorRateThresholds thresholds,
            MetricSamples samples) {
        this.service = service;
        this.config = config;
        this.thresholds = thresholds;
        this.samples = samples;
    }

    @Override
    public String id() {
        return "errors." + service.name();
    }

    @Override
    public Uni<Finding> run(CheckContext context) {
        Duration deadline = config.timeoutFor(id());
        return service.metrics(deadline).map(answer -> {
            RequestCounts now = RequestCounts.parse(answer.body());
            MetricSamples.Sample baseline = samples.recordAndBaseline(service.name(), context.startedAt(), now,
                    thresholds.window());
            RequestCounts recent = baseline == null ? now : now.since(baseline.counts());
            String window = baseline == null || recent == now
                    ? "since " + service.name() + " started"
                    : "in the last " + Duration.between(baseline.at(), context.startedAt()).toSeconds() + " s";
            return judge(recent, window);
        }).onFailure().recoverWithItem(UpstreamFindings::of);
    }

    Finding judge(RequestCounts recent, String window) {
        Finding finding;
        if (recent.total() < thresholds.minimumRequests()) {
            finding = Finding.ok(recent.total() + " requests " + window + " (" + recent.serverErrors()
                    + " 5xx), too few to judge a rate");
        } else {
            double ratio = recent.serverErrorRatio();
            CheckStatus status = Levels.above(ratio, thresholds.warningRatio(), thresholds.criticalRatio());
            String summary = String.format(Locale.ROOT, "%.1f%% of %d requests %s answered 5xx", ratio * 100,
                    recent.total(), window);
            if (status != CheckStatus.OK) {
                summary += ", mostly " + worstRoutes(recent.serverErrorsByRoute());
            }
            finding = Finding.of(status, summary,
                    "Look at the " + service.name() + " log for these requests (each line carries its request_id); "
                            + "the services.* and models.* checks often name the cause (a backend or dependency down)");
        }
        return finding.detail("requests", recent.total()).detail("server_errors", recent.serverErrors())
                .detail("client_errors", recent.clientErrors()).detail("window", window)
                .detail("server_errors_by_route", recent.serverErrorsByRoute().isEmpty()
                        ? null
                        : recent.serverErrorsByRoute());
    }

    private static String worstRoutes(Map<String, Long> byRoute) {
        return byRoute.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder()))
                .limit(3).map(e -> e.getKey() + " ×" + e.getValue()).collect(Collectors.joining(", "));
    }
}
