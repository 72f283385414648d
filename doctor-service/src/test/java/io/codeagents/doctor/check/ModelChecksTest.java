package io.codeagents.doctor.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import io.codeagents.doctor.client.BackendsView;
import io.codeagents.doctor.client.BackendsView.Backend;
import io.codeagents.doctor.client.PullsView;
import io.codeagents.doctor.client.PullsView.Pull;
import io.codeagents.doctor.config.DownloadThresholds;
import io.codeagents.doctor.domain.CheckStatus;
import io.codeagents.doctor.domain.Finding;

/** Model names as backends list them, and the models and downloads checks' judgement. */
class ModelChecksTest {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private static Backend backend(String name, boolean reachable, List<JsonNode> models) {
        return new Backend(name, name, "http://x", true, reachable, 1L, "closed", models, null);
    }

    private static Pull pull(String model, String state, Instant lastProgress) {
        return new Pull(model, model, state, null, 10L, 100L, null, null, 0, 0, lastProgress, lastProgress, lastProgress,
                null);
    }

    @Test
    void modelNamesMatchAsUsersWriteThem() {
        assertTrue(ModelNames.same("qwen2.5-coder", "qwen2.5-coder:latest"));
        assertTrue(ModelNames.same("library/qwen2.5-coder:1.5b", "QWEN2.5-coder:1.5b"));
        assertTrue(ModelNames.same("registry.ollama.ai/library/qwen2.5-coder:1.5b", "qwen2.5-coder:1.5b"));
        assertTrue(ModelNames.same("localhost:5000/team/coder", "team/coder:latest"));
        assertFalse(ModelNames.same("registry.ollama.ai/team/coder:1b", "coder:1b"));
        assertFalse(ModelNames.same("qwen2.5-coder:1.5b", "qwen2.5-coder:7b"));
        assertEquals("ollama", ModelNames.backendOf("ollama/qwen:1b", List.of("ollama", "tgi")));
        assertEquals("bigcode/starcoder", ModelNames.bare("bigcode/starcoder", List.of("ollama", "tgi")));
        assertEquals("qwen:1b", ModelNames.bare("ollama/qwen:1b", List.of("ollama")));
    }

    @Test
    void theDefaultModelIsFoundWhateverTheShapeOfTheModelList() {
        DefaultModelCheck check = new DefaultModelCheck(() -> "qwen2.5-coder:1.5b");
        JsonNode asObject = NODES.objectNode().put("name", "qwen2.5-coder:1.5b");
        BackendsView objects = new BackendsView(List.of(backend("ollama", true, List.of(asObject))), null);
        assertEquals(CheckStatus.OK, check.judge(objects, Optional.empty()).status());
        BackendsView qualified = new BackendsView(List.of(backend("ollama", true, List.of()),
                backend("tgi", true, List.of(NODES.textNode("qwen2.5-coder:1.5b")))), "ollama/qwen2.5-coder:1.5b");
        Finding onlyOnOllama = check.judge(qualified, Optional.empty());
        assertEquals(CheckStatus.CRITICAL, onlyOnOllama.status(), "present on tgi does not count for ollama/…");
        assertTrue(onlyOnOllama.fixable());
        assertEquals("qwen2.5-coder:1.5b", check.modelToPull(qualified));
    }

    @Test
    void aFailedPullOfTheDefaultModelIsNamed() {
        DefaultModelCheck check = new DefaultModelCheck(() -> "m:1");
        Pull failed = new Pull("m:1", "m:1", "error", new PullsView.PullError("DL_003", "disk full"), 1L, 2L, null, null,
                0, 0, null, null, null, null);
        Finding finding = check.judge(new BackendsView(List.of(backend("ollama", true, List.of())), null),
                Optional.of(new PullsView(List.of(failed))));
        assertEquals("m:1 is not present on ollama (its pull failed: DL_003 disk full)", finding.summary());
    }

    @Test
    void stalledMeansActiveAndNotMovingForTheConfiguredTime() {
        DownloadThresholds twoMinutes = () -> Duration.ofMinutes(2);
        StalledPullsCheck check = new StalledPullsCheck(twoMinutes);
        Instant now = Instant.parse("2026-01-01T12:00:00Z");
        PullsView view = new PullsView(List.of(pull("a", "downloading", now.minusSeconds(30)),
                pull("b", "verifying", now.minusSeconds(600)), pull("c", "error", now.minusSeconds(600)),
                pull("d", "completed", now.minusSeconds(6000))));
        assertEquals(List.of("b"), check.stalled(view, now).stream().map(Pull::modelName).toList());
        Finding finding = check.judge(view, now);
        assertEquals(CheckStatus.WARNING, finding.status());
        assertEquals("1 stalled pull: b (verifying, no progress for 10 min)", finding.summary());
        assertEquals(CheckStatus.OK, check.judge(new PullsView(List.of(pull("a", "downloading", now))), now).status());
    }

    @Test
    void backendsWithoutAnyEnabledAreCritical() {
        Backend disabled = new Backend("tgi", "tgi", null, false, false, null, null, null, null);
        Finding finding = new BackendsCheck().judge(new BackendsView(List.of(disabled), "m"));
        assertEquals(CheckStatus.CRITICAL, finding.status());
        assertTrue(finding.fix().contains("GATEWAY_OLLAMA_URL"));
    }
}
