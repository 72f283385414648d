package io.codeagents.doctor.check;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.codeagents.doctor.client.BackendsView;
import io.codeagents.doctor.client.BackendsView.Backend;
import io.codeagents.doctor.domain.Finding;
import io.smallrye.mutiny.Uni;

/** Each model backend behind the gateway: enabled, reachable, its circuit breaker closed. */
@ApplicationScoped
public class BackendsCheck implements Check {

    @Override
    public String id() {
        return "models.backends";
    }

    @Override
    public Uni<Finding> run(CheckContext context) {
        return context.backends().map(this::judge).onFailure().recoverWithItem(UpstreamFindings::of);
    }

    Finding judge(BackendsView view) {
        List<Backend> enabled = view.backends().stream().filter(Backend::isEnabled).toList();
        List<Map<String, Object>> details = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        List<String> fixes = new ArrayList<>();
        int serving = 0;
        for (Backend backend : view.backends()) {
            details.add(describe(backend));
            if (!backend.isEnabled()) {
                continue;
            }
            if (!backend.isReachable()) {
                problems.add(backend.name() + " unreachable" + (backend.error() == null ? "" : " (" + backend.error() + ")"));
                fixes.add(startFix(backend));
            } else if (!backend.breakerClosed()) {
                problems.add(backend.name() + " breaker " + backend.breaker());
                fixes.add("the gateway stopped sending to " + backend.name() + " after repeated failures and retries "
                        + "it by itself (half_open) shortly; if it stays open, look at " + backend.name() + "'s log");
            } else {
                serving++;
            }
        }
        Finding finding;
        if (enabled.isEmpty()) {
            finding = Finding.critical("no model backend is enabled",
                    "Configure one: GATEWAY_OLLAMA_URL (Ollama), GATEWAY_TGI_URL (text-generation-inference) or "
                            + "GATEWAY_OPENAI_URL (any OpenAI-compatible server)");
        } else if (serving == 0) {
            finding = Finding.critical("no model backend can serve: " + String.join("; ", problems),
                    capitalize(String.join("; ", fixes)));
        } else if (!problems.isEmpty()) {
            finding = Finding.warning(serving + " of " + enabled.size() + " backends serve; " + String.join("; ", problems),
                    capitalize(String.join("; ", fixes)));
        } else {
            finding = Finding.ok(serving + " of " + enabled.size() + " backend" + (enabled.size() == 1 ? "" : "s")
                    + " reachable with closed breakers");
        }
        return finding.detail("backends", details);
    }

    private static Map<String, Object> describe(Backend backend) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("name", backend.name());
        row.put("type", backend.type());
        row.put("url", backend.url());
        row.put("enabled", backend.isEnabled());
        row.put("reachable", backend.isReachable());
        row.put("breaker", backend.breaker());
        row.put("latency_ms", backend.latencyMs());
        row.put("models", backend.modelNames().size());
        row.put("error", backend.error());
        return row;
    }

    private static String startFix(Backend backend) {
        String type = backend.type() == null ? backend.name() : backend.type();
        return switch (type) {
            case "ollama" -> "start Ollama (ollama serve, or docker compose up -d ollama) or point GATEWAY_OLLAMA_URL at "
                    + "it";
            case "tgi" -> "start text-generation-inference or point GATEWAY_TGI_URL at it";
            case "openai" -> "check GATEWAY_OPENAI_URL and GATEWAY_OPENAI_API_KEY";
            default -> "start " + backend.name() + " or fix its URL in the gateway's configuration";
        };
    }

    private static String capitalize(String text) {
        return text.isEmpty() ? text : Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }
}
