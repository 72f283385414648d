package io.codeagents.reviewer.sandbox;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;

import io.codeagents.common.error.ApiException;
import io.codeagents.common.error.ErrorCode;
import io.codeagents.reviewer.config.SandboxConfig;
import io.codeagents.reviewer.testing.ConfigDefaults;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

class SandboxSlotsTest {

    private final SandboxSlots slots = new SandboxSlots(ConfigDefaults.of(SandboxConfig.class,
            Map.of("max-concurrent", "2", "queue-size", "1", "queue-timeout", "0.3S")), new SimpleMeterRegistry());
    private final ExecutorService threads = Executors.newFixedThreadPool(2);

    @Test
    void twoRunOneWaitsTheNextIsRefusedAndAFreedSlotGoesToTheWaiter() throws Exception {
        SandboxSlots.Slot first = slots.acquire(() -> {
        });
        SandboxSlots.Slot second = slots.acquire(() -> {
        });
        assertTrue(first.number() != second.number(), "each running sandbox has its own slot (and user)");
        AtomicBoolean toldToWait = new AtomicBoolean();
        CompletableFuture<SandboxSlots.Slot> waiter = CompletableFuture.supplyAsync(
                () -> slots.acquire(() -> toldToWait.set(true)),
                threads);
        await().atMost(Duration.ofSeconds(5)).until(() -> slots.waiting() == 1);

        ApiException busy = assertThrows(ApiException.class, () -> slots.acquire(() -> {
        }));
        assertEquals(ErrorCode.SBX_001, busy.code());
        assertTrue(Long.parseLong(busy.headers().get("Retry-After")) >= 1);

        first.close();
        SandboxSlots.Slot handedOver = waiter.get();
        assertEquals(first.number(), handedOver.number());
        assertTrue(toldToWait.get(), "the waiting review was told it waits");
        assertEquals(2, slots.active());
        handedOver.close();
        second.close();
        assertEquals(0, slots.active());
        assertEquals(1, slots.rejectedTotal());
        threads.shutdown();
    }

    @Test
    void aWaiterGivesUpAfterTheQueueTimeout() {
        SandboxSlots.Slot first = slots.acquire(() -> {
        });
        SandboxSlots.Slot second = slots.acquire(() -> {
        });
        ApiException timedOut = assertThrows(ApiException.class, () -> slots.acquire(() -> {
        }));
        assertEquals(ErrorCode.SBX_001, timedOut.code());
        assertEquals(0, slots.waiting());
        first.close();
        second.close();
        first.close();
        assertEquals(0, slots.active(), "closing twice frees a slot once");
        threads.shutdown();
    }
}
