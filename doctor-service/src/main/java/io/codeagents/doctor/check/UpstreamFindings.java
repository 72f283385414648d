package io.codeagents.doctor.check;

import io.codeagents.doctor.client.ServiceCallFailed;
import io.codeagents.doctor.domain.Finding;

/**
 * How checks that read another service's status API report its failure: when nothing answered the service's own
 * readiness check already says so (skip, do not repeat it); when it answered wrongly that is this check's finding.
 */
final class UpstreamFindings {

    private UpstreamFindings() {
    }

    static Finding of(Throwable failure) {
        if (failure instanceof ServiceCallFailed call) {
            if (call.timedOut()) {
                return Finding.critical(call.describe(), "The " + call.service() + " accepts calls but hangs on "
                        + call.call() + (call.service().equals("model-gateway")
                                ? ": it probes every backend when asked, so a backend that hangs makes it slow; check "
                                        + "the backends' URLs and look at the gateway's log"
                                : ": look at its log, CPU use and its dependencies (deps.postgres, deps.redis)"));
            }
            if (!call.reachable()) {
                return Finding.skipped(call.service() + " is not reachable (see services." + call.service() + ")");
            }
            return Finding.critical(call.describe(), fixFor(call));
        }
        return Finding.critical("unexpected failure: " + PostgresCheck.rootMessage(failure),
                "Look at the doctor-service log around this report");
    }

    private static String fixFor(ServiceCallFailed call) {
        if (call.status() == 401 || call.status() == 403) {
            return "The " + call.service() + " refuses the doctor's key: give every service the same CODEAGENTS_API_KEY";
        }
        if (call.status() == 404) {
            return "The " + call.service() + " at that URL lacks " + call.call()
                    + ": check its URL variable and that it runs a matching version";
        }
        return "Look at the " + call.service() + " log for this request";
    }
}
