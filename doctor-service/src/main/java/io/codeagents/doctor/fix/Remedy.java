package io.codeagents.doctor.fix;

import java.util.List;

import io.codeagents.doctor.check.CheckContext;
import io.smallrye.mutiny.Uni;

/**
 * What {@code POST /doctor/fix} does about one check (or, for {@code models.cache}, one action that has no check). A
 * remedy reads the same shared answers its check judged, so it acts on exactly what the report showed.
 */
public interface Remedy {

    /** The check id it remedies, or its own action id. */
    String id();

    /** The calls it makes; in a dry run, the calls it would make, without making them. Never fails: a failed call is a
     * {@link FixAction#failed} action. */
    Uni<List<FixAction>> apply(CheckContext context, boolean dryRun);
}
