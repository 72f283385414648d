package io.codeagents.gateway.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;

/** The lines are llama.cpp's (build 4916, the one de.kherud:llama 4.2.0 bundles), copied from a real run. */
class LlamaLogTest {

    private static final String[] RUN = {
            "slot launch_slot_: id  0 | task 11 | processing task",
            "slot update_slots: id  0 | task 11 | new prompt, n_ctx_slot = 256, n_keep = 0, n_prompt_tokens = 5",
            "slot update_slots: id  0 | task 11 | kv cache rm [4, end)",
            "slot      release: id  0 | task 11 | stop processing: n_past = 14, truncated = 0",
            "slot print_timing: id  0 | task 11 | ",
            "prompt eval time =       1.29 ms /     1 tokens (    1.29 ms per token,   775.80 tokens per second)",
            "       eval time =       8.00 ms /    10 tokens (    1.00 ms per token,  1000.38 tokens per second)",
            "      total time =       9.29 ms /    11 tokens"};

    @Test
    void promptAndGeneratedTokensOfATask() throws Exception {
        LlamaLog log = LlamaLog.shared();
        CompletableFuture<LlamaLog.TaskCounts> counts = log.counts(11);
        for (String line : RUN) {
            log.handle(line);
        }
        assertEquals(new LlamaLog.TaskCounts(5, 10), counts.getNow(null));
    }

    @Test
    void countsLoggedBeforeAnyoneAskedAreKept() {
        LlamaLog log = LlamaLog.shared();
        for (String line : RUN) {
            log.handle(line.replace("task 11", "task 12"));
        }
        assertEquals(new LlamaLog.TaskCounts(5, 10), log.counts(12).getNow(null));
    }

    @Test
    void aNewModelStartsTaskIdsAgain() {
        LlamaLog log = LlamaLog.shared();
        for (String line : RUN) {
            log.handle(line.replace("task 11", "task 13"));
        }
        log.handle("srv    load_model: loading model '/models/blobs/sha256-0000'");
        assertFalse(log.counts(13).isDone(), "counts of the previous model's task 13 must not be reused");
    }

    @Test
    void theReasonAModelFailedToLoad() {
        LlamaLog log = LlamaLog.shared();
        log.beforeLoad();
        log.handle("llama_model_load: error loading model: error loading model architecture: unknown model "
                + "architecture: 'alien'");
        assertEquals("error loading model architecture: unknown model architecture: 'alien'",
                log.loadError(0).orElseThrow());
    }
}
