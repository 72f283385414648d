package io.codeagents.doctor.check;

import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.codeagents.doctor.client.BackendsView;
import io.codeagents.doctor.client.BackendsView.Backend;
import io.codeagents.doctor.client.PullsView;
import io.codeagents.doctor.client.PullsView.Pull;
import io.codeagents.doctor.config.ModelsConfig;
import io.codeagents.doctor.domain.Finding;
import io.smallrye.mutiny.Uni;

/**
 * The model the agents use is present on a backend that can serve it; when it is not, whether a pull is under way or
 * failed, and that {@code POST /doctor/fix} can pull it.
 */
@ApplicationScoped
public class DefaultModelCheck implements Check {

    private final ModelsConfig models;

    public DefaultModelCheck(ModelsConfig models) {
        this.models = models;
    }

    @Override
    public String id() {
        return "models.default";
    }

    /** The default model as the gateway announces it, else as configured here. */
    public String defaultModel(BackendsView view) {
        return view.defaultModel() == null || view.defaultModel().isBlank()
                ? models.defaultModel()
                : view.defaultModel();
    }

    /** The model name to pull: the default without a backend prefix. */
    public String modelToPull(BackendsView view) {
        return ModelNames.bare(defaultModel(view), view.backends().stream().map(Backend::name).toList());
    }

    @Override
    public Uni<Finding> run(CheckContext context) {
        Uni<Optional<PullsView>> pulls = context.pulls().map(Optional::of).onFailure()
                .recoverWithItem(Optional.empty());
        return context.backends().chain(view -> pulls.map(p -> judge(view, p))).onFailure()
                .recoverWithItem(UpstreamFindings::of);
    }

    Finding judge(BackendsView view, Optional<PullsView> pulls) {
        String wanted = defaultModel(view);
        List<String> backendNames = view.backends().stream().map(Backend::name).toList();
        String onlyOn = ModelNames.backendOf(wanted, backendNames);
        String model = ModelNames.bare(wanted, backendNames);
        List<Backend> serving = view.backends().stream()
                .filter(b -> b.isEnabled() && b.isReachable() && (onlyOn == null || onlyOn.equals(b.name()))).toList();
        if (serving.isEmpty()) {
            return Finding.skipped("no backend can serve " + wanted + " (see models.backends)").detail("model", wanted);
        }
        Optional<Backend> holder = serving.stream()
                .filter(b -> b.modelNames().stream().anyMatch(name -> ModelNames.same(name, model))).findFirst();
        if (holder.isPresent()) {
            return Finding.ok(wanted + " is present on " + holder.get().name()).detail("model", wanted)
                    .detail("backend", holder.get().name());
        }
        Optional<Pull> pull = pulls.flatMap(p -> p.pulls().stream()
                .filter(candidate -> candidate.modelName() != null && ModelNames.same(candidate.modelName(), model))
                .findFirst());
        String where = serving.stream().map(Backend::name).reduce((a, b) -> a + ", " + b).orElse("");
        Finding finding;
        if (pull.isPresent() && pull.get().active()) {
            Integer percent = pull.get().percent();
            finding = Finding.warning(wanted + " is being pulled (" + pull.get().state()
                    + (percent == null ? "" : ", " + percent + "%") + ")",
                    "Wait for the pull to complete; follow it with GET /pulls/" + model + "/events on the download "
                            + "service (downloads.stalled says if it stops moving)");
        } else if (pull.isPresent() && "completed".equals(pull.get().state())) {
            finding = Finding.critical(wanted + " was pulled by the download service but " + where + " does not list it",
                    "The backend and the download service do not share the model store: mount the same volume "
                            + "(MODELS_DIR) into Ollama, or restart Ollama so it rescans it");
        } else {
            String failed = pull.filter(Pull::failed).map(p -> " (its pull failed: "
                    + (p.error() == null ? "unknown error" : p.error().code() + " " + p.error().message()) + ")")
                    .orElse("");
            finding = Finding.critical(wanted + " is not present on " + where + failed,
                    "Pull it: POST /doctor/fix {\"checks\":[\"models.default\"]} (asks the download service to pull "
                            + model + ")")
                    .asFixable();
        }
        return finding.detail("model", wanted).detail("pull_state", pull.map(Pull::state).orElse(null));
    }
}
