package io.codeagents.doctor.service;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;

/** A full report every {@code doctor.history.every}, so the history shows a trend even when nobody asks. */
@ApplicationScoped
public class ScheduledReports {

    private static final Logger LOG = Logger.getLogger(ScheduledReports.class);

    private final DoctorService doctor;

    public ScheduledReports(DoctorService doctor) {
        this.doctor = doctor;
    }

    @Scheduled(identity = "doctor-report", every = "${doctor.history.every:5m}", delayed = "30s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> report() {
        return doctor.report(List.of(), List.of())
                .invoke(report -> LOG.infof("Scheduled report: %s", report.summary()))
                .replaceWithVoid();
    }
}
