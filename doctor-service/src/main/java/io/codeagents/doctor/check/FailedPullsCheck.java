package io.codeagents.doctor.check;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.codeagents.doctor.client.PullsView;
import io.codeagents.doctor.client.PullsView.Pull;
import io.codeagents.doctor.domain.Finding;
import io.smallrye.mutiny.Uni;

/** Pulls that ended in error; {@code POST /doctor/fix} resumes them from their persisted progress. */
@ApplicationScoped
public class FailedPullsCheck implements Check {

    @Override
    public String id() {
        return "downloads.failed";
    }

    @Override
    public Uni<Finding> run(CheckContext context) {
        return context.pulls().map(this::judge).onFailure().recoverWithItem(UpstreamFindings::of);
    }

    /** The pulls this check reports, i.e. those its remedy resumes. */
    public List<Pull> failed(PullsView view) {
        return view.pulls().stream().filter(Pull::failed).toList();
    }

    Finding judge(PullsView view) {
        List<Pull> failed = failed(view);
        if (failed.isEmpty()) {
            return Finding.ok("no failed pulls (" + view.pulls().size() + " known)");
        }
        List<String> names = failed.stream().map(FailedPullsCheck::describe).toList();
        return Finding.warning(failed.size() + " failed pull" + (failed.size() == 1 ? "" : "s") + ": "
                + String.join("; ", names),
                "Resume them: POST /doctor/fix {\"checks\":[\"downloads.failed\"]} (POST /pulls on the download service "
                        + "resumes each from its persisted progress); if they fail again, the error says why (registry "
                        + "unreachable: MODEL_REGISTRY_URL; disk full: system.disk.models)")
                .asFixable().detail("pulls", failed.stream().map(FailedPullsCheck::row).toList());
    }

    private static String describe(Pull pull) {
        Integer percent = pull.percent();
        return pull.modelName() + (pull.error() == null
                ? ""
                : " (" + pull.error().code() + ": " + pull.error().message()
                        + ")")
                + (percent == null ? "" : " at " + percent + "%");
    }

    static Map<String, Object> row(Pull pull) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("model", pull.modelName());
        row.put("state", pull.state());
        row.put("bytes_done", pull.bytesDone());
        row.put("bytes_total", pull.bytesTotal());
        row.put("error", pull.error());
        row.put("last_progress_at", pull.lastMoved());
        return row;
    }
}
