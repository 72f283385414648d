package io.codeagents.doctor.check;

import java.time.Duration;

import io.codeagents.doctor.domain.Finding;
import io.smallrye.mutiny.Uni;

/**
 * One thing the doctor looks at. Checks run in parallel, each under its own deadline; a check that fails or gives no
 * answer in time becomes a finding of its own ({@link #timedOut(Duration)}), never a stalled report.
 */
public interface Check {

    /** Stable id, e.g. {@code services.reviewer-agent}; what {@code ?check=} and {@code /doctor/fix} name. */
    String id();

    /** The first part of the id: system, deps, services, models, downloads, config or errors. */
    default String category() {
        return id().substring(0, id().indexOf('.'));
    }

    Uni<Finding> run(CheckContext context);

    /** The finding when {@link #run} gave no answer within its deadline. */
    default Finding timedOut(Duration deadline) {
        return Finding.critical(id() + " gave no answer within " + deadline.toMillis() + " ms",
                "Something it depends on hangs; run the check alone (GET /doctor?check=" + id()
                        + ") and look at the doctor-service log");
    }
}
