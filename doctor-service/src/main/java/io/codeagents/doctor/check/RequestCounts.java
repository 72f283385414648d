package io.codeagents.doctor.check;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A service's HTTP requests by status, read from {@code http_server_requests_seconds_count} in its Prometheus
 * {@code /metrics}. Health, metrics and info requests are left out: probes are not user traffic, and a 503 readiness is
 * already the services check's finding.
 */
public record RequestCounts(long total, long clientErrors, long serverErrors, Map<String, Long> serverErrorsByRoute) {

    private static final String METRIC = "http_server_requests_seconds_count{";
    private static final Pattern LABEL = Pattern.compile("(\\w+)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    public static final RequestCounts NONE = new RequestCounts(0, 0, 0, Map.of());

    public static RequestCounts parse(String prometheusText) {
        long total = 0;
        long client = 0;
        long server = 0;
        Map<String, Long> byRoute = new HashMap<>();
        for (String line : prometheusText.split("\n")) {
            if (!line.startsWith(METRIC)) {
                continue;
            }
            int close = line.lastIndexOf('}');
            if (close < 0) {
                continue;
            }
            Map<String, String> labels = labels(line.substring(METRIC.length(), close));
            String uri = labels.getOrDefault("uri", "");
            if (isProbe(uri)) {
                continue;
            }
            long count = count(line.substring(close + 1));
            int status = parseStatus(labels.get("status"));
            total += count;
            if (status >= 500) {
                server += count;
                byRoute.merge(labels.getOrDefault("method", "?") + " " + uri + " " + status, count, Long::sum);
            } else if (status >= 400) {
                client += count;
            }
        }
        return new RequestCounts(total, client, server, byRoute);
    }

    /**
     * What happened between an earlier sample and this one. Counters only grow, so any that shrank means the service
     * restarted in between, and everything counted now happened since.
     */
    public RequestCounts since(RequestCounts earlier) {
        if (earlier == null || total < earlier.total || serverErrors < earlier.serverErrors
                || clientErrors < earlier.clientErrors) {
            return this;
        }
        Map<String, Long> byRoute = new LinkedHashMap<>();
        serverErrorsByRoute.forEach((route, count) -> {
            long delta = count - earlier.serverErrorsByRoute.getOrDefault(route, 0L);
            if (delta > 0) {
                byRoute.put(route, delta);
            }
        });
        return new RequestCounts(total - earlier.total, clientErrors - earlier.clientErrors,
                serverErrors - earlier.serverErrors, byRoute);
    }

    public double serverErrorRatio() {
        return total == 0 ? 0 : (double) serverErrors / total;
    }

    private static boolean isProbe(String uri) {
        return uri.startsWith("/health") || uri.equals("/metrics") || uri.equals("/info") || uri.startsWith("/q/");
    }

    private static Map<String, String> labels(String text) {
        Map<String, String> labels = new HashMap<>();
        Matcher matcher = LABEL.matcher(text);
        while (matcher.find()) {
            labels.put(matcher.group(1), matcher.group(2));
        }
        return labels;
    }

    private static long count(String value) {
        String number = value.trim().split("\\s+")[0];
        try {
            return (long) Double.parseDouble(number);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static int parseStatus(String status) {
        try {
            return status == null ? 0 : Integer.parseInt(status);
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
