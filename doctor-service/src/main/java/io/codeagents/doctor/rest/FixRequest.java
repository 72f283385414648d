package io.codeagents.doctor.rest;

import java.util.List;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/** {@code POST /doctor/fix}: the checks to fix (ids, {@code models.cache}, or {@code all}), and whether only to plan. */
public record FixRequest(@NotNull @Size(min = 1, max = 64) List<@NotBlank String> checks, Boolean dryRun) {

    public boolean isDryRun() {
        return Boolean.TRUE.equals(dryRun);
    }
}
