package io.codeagents.doctor.check;

import java.util.function.Supplier;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;

/** Runs a check that blocks (JDBC, file system, /proc) on a worker thread, so the report never waits on the I/O loop. */
final class OffEventLoop {

    private OffEventLoop() {
    }

    static <T> Uni<T> run(Supplier<T> work) {
        return Uni.createFrom().item(work).runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }
}
