package io.codeagents.doctor.service;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.codeagents.doctor.domain.CheckResult;
import io.codeagents.doctor.domain.Report;

/** One event of {@code GET /doctor/events}: a finished check (with how many are done) or, last, the report. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DoctorEvent(String type, CheckResult check, Integer done, Integer total, Report report) {

    static DoctorEvent check(CheckResult check, int done, int total) {
        return new DoctorEvent("check", check, done, total, null);
    }

    static DoctorEvent report(Report report) {
        return new DoctorEvent("report", null, null, null, report);
    }
}
