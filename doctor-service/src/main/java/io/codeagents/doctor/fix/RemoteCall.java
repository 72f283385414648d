package io.codeagents.doctor.fix;

import java.util.function.Function;
import java.util.function.Supplier;

import io.codeagents.doctor.client.ServiceCallFailed;
import io.smallrye.mutiny.Uni;

/** One remediation call as a {@link FixAction}: planned in a dry run, applied or failed (with the reason) otherwise. */
final class RemoteCall {

    private RemoteCall() {
    }

    static <T> Uni<FixAction> perform(String call, String target, boolean dryRun, Supplier<Uni<T>> request,
            Function<T, String> describe) {
        if (dryRun) {
            return Uni.createFrom().item(FixAction.planned(call, target));
        }
        return Uni.createFrom().deferred(request::get).map(answer -> FixAction.applied(call, target, describe.apply(answer)))
                .onFailure().recoverWithItem(failure -> FixAction.failed(call, target,
                        failure instanceof ServiceCallFailed f ? f.describe() : String.valueOf(failure.getMessage())));
    }
}
