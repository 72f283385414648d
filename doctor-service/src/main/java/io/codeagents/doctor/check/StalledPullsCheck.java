package io.codeagents.doctor.check;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.codeagents.doctor.client.PullsView;
import io.codeagents.doctor.client.PullsView.Pull;
import io.codeagents.doctor.config.DownloadThresholds;
import io.codeagents.doctor.domain.Finding;
import io.smallrye.mutiny.Uni;

/** Pulls that say they are working but have not moved for {@code doctor.downloads.stalled-after}. */
@ApplicationScoped
public class StalledPullsCheck implements Check {

    private final DownloadThresholds thresholds;

    public StalledPullsCheck(DownloadThresholds thresholds) {
        this.thresholds = thresholds;
    }

    @Override
    public String id() {
        return "downloads.stalled";
    }

    @Override
    public Uni<Finding> run(CheckContext context) {
        return context.pulls().map(view -> judge(view, context.startedAt())).onFailure()
                .recoverWithItem(UpstreamFindings::of);
    }

    /** The pulls this check reports, i.e. those its remedy restarts. */
    public List<Pull> stalled(PullsView view, Instant now) {
        Instant limit = now.minus(thresholds.stalledAfter());
        return view.pulls().stream().filter(Pull::active)
                .filter(p -> p.lastMoved() != null && p.lastMoved().isBefore(limit)).toList();
    }

    Finding judge(PullsView view, Instant now) {
        long active = view.pulls().stream().filter(Pull::active).count();
        List<Pull> stalled = stalled(view, now);
        if (stalled.isEmpty()) {
            return Finding.ok(active == 0
                    ? "no pull in progress"
                    : active + " pull" + (active == 1 ? "" : "s")
                            + " in progress, all moving");
        }
        List<String> names = stalled.stream().map(p -> p.modelName() + " (" + p.state() + ", no progress for "
                + human(Duration.between(p.lastMoved(), now)) + ")").toList();
        return Finding.warning(stalled.size() + " stalled pull" + (stalled.size() == 1 ? "" : "s") + ": "
                + String.join("; ", names),
                "The registry stopped sending data: check the network and MODEL_REGISTRY_URL. POST /doctor/fix "
                        + "{\"checks\":[\"downloads.stalled\"]} cancels and resumes them, keeping what was downloaded")
                .asFixable().detail("pulls", stalled.stream().map(FailedPullsCheck::row).toList())
                .detail("stalled_after_s", thresholds.stalledAfter().toSeconds());
    }

    private static String human(Duration duration) {
        long seconds = duration.toSeconds();
        return seconds < 120 ? seconds + " s" : seconds / 60 + " min";
    }
}
