package io.codeagents.doctor.check;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import io.codeagents.doctor.client.HttpAnswer;
import io.codeagents.doctor.client.ServiceCallFailed;
import io.codeagents.doctor.client.ServiceClient;
import io.codeagents.doctor.config.ChecksConfig;
import io.codeagents.doctor.domain.Finding;
import io.smallrye.mutiny.Uni;

/**
 * One service's {@code /health/ready}: reachable, ready, how fast, which version ({@code /info}), and what its
 * readiness says is down or degraded.
 */
public class ServiceReadinessCheck implements Check {

    private final ServiceClient service;
    private final ChecksConfig config;

    public ServiceReadinessCheck(ServiceClient service, ChecksConfig config) {
        this.service = service;
        this.config = config;
    }

    @Override
    public String id() {
        return "services." + service.name();
    }

    @Override
    public Uni<Finding> run(CheckContext context) {
        Duration deadline = config.timeoutFor(id());
        Uni<String> version = service.info(deadline).map(ServiceReadinessCheck::version).onFailure()
                .recoverWithNull();
        return Uni.combine().all().unis(service.readiness(deadline), version).asTuple()
                .map(both -> judge(both.getItem1(), both.getItem2()))
                .onFailure(ServiceCallFailed.class).recoverWithItem(e -> unreachable((ServiceCallFailed) e));
    }

    private Finding judge(HttpAnswer ready, String version) {
        String url = service.target().url().toString();
        String versionText = version == null ? "" : ", version " + version;
        Finding finding;
        if (ready.status() == 200) {
            List<String> degraded = degraded(ready);
            if (!degraded.isEmpty()) {
                finding = Finding.warning("ready but degraded: " + String.join("; ", degraded),
                        "The named dependency is down; the deps.* checks say which and how to bring it back");
            } else if (ready.elapsedMs() > config.slowService().toMillis()) {
                finding = Finding.warning("ready, but answered in " + ready.elapsedMs() + " ms" + versionText,
                        "The service is overloaded or starved: look at system.cpu and system.memory, and at its log");
            } else {
                finding = Finding.ok("ready in " + ready.elapsedMs() + " ms" + versionText);
            }
        } else if (ready.status() == 503) {
            finding = Finding.critical("not ready: " + String.join("; ", down(ready)),
                    "The readiness JSON names what it cannot work without (see the deps.* checks); it becomes ready by "
                            + "itself once that is back. Its log: .run/logs/" + service.name()
                            + ".log or docker compose logs " + service.name());
        } else {
            finding = Finding.critical("answered " + ready.status() + " to GET /health/ready: is " + url + " really the "
                    + service.name() + "?", "Point " + service.target().urlVariable() + " at the " + service.name());
        }
        return finding.detail("url", url).detail("response_ms", ready.elapsedMs()).detail("http_status", ready.status())
                .detail("version", version);
    }

    private Finding unreachable(ServiceCallFailed failure) {
        return Finding.critical(service.name() + " is not reachable: " + failure.getMessage(),
                "Start it (scripts/run-local.sh " + service.name() + ", or docker compose up -d " + service.name()
                        + ") and look at its log (.run/logs/" + service.name() + ".log); if it runs elsewhere, set "
                        + service.target().urlVariable())
                .detail("url", service.target().url().toString());
    }

    @Override
    public Finding timedOut(Duration deadline) {
        return Finding.critical(service.name() + " gave no answer to GET /health/ready within " + deadline.toMillis()
                + " ms: it is hung or overloaded",
                "Look at its log and CPU use; restart it (scripts/stop-local.sh " + service.name()
                        + " && scripts/run-local.sh " + service.name() + ", or docker compose restart " + service.name()
                        + ")")
                .detail("url", service.target().url().toString());
    }

    private static String version(HttpAnswer info) {
        JsonNode json = info.json();
        String version = json.path("build").path("version").asText(null);
        JsonNode commit = json.path("git").path("commit");
        String id = commit.isTextual() ? commit.asText() : commit.path("id").asText(null);
        if (id != null && id.length() > 7) {
            id = id.substring(0, 7);
        }
        return version == null ? id : id == null ? version : version + " (" + id + ")";
    }

    /** "database: DOWN (Connection refused)" for every DOWN check of a 503 readiness answer. */
    private static List<String> down(HttpAnswer ready) {
        List<String> down = new ArrayList<>();
        JsonNode checks = safeJson(ready).path("checks");
        for (JsonNode check : checks) {
            if ("DOWN".equals(check.path("status").asText())) {
                String error = check.path("data").path("error").asText(null);
                down.add(check.path("name").asText("?") + " DOWN" + (error == null ? "" : " (" + error + ")"));
            }
        }
        if (down.isEmpty()) {
            down.add("GET /health/ready answered 503");
        }
        return down;
    }

    /** What an UP readiness says is degraded (e.g. Redis away where it is optional). */
    private static List<String> degraded(HttpAnswer ready) {
        List<String> degraded = new ArrayList<>();
        for (JsonNode check : safeJson(ready).path("checks")) {
            String note = check.path("data").path("degraded").asText(null);
            if (note != null) {
                degraded.add(check.path("name").asText("?") + ": " + note);
            }
        }
        return degraded;
    }

    private static JsonNode safeJson(HttpAnswer answer) {
        try {
            return answer.json();
        } catch (ServiceCallFailed notJson) {
            return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
        }
    }
}
