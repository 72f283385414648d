package io.codeagents.doctor.rest;

import java.util.List;
import java.util.Optional;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;
import org.jboss.resteasy.reactive.RestStreamElementType;

import io.codeagents.common.auth.RequiresScope;
import io.codeagents.common.auth.Scope;
import io.codeagents.common.error.ApiException;
import io.codeagents.doctor.fix.FixService;
import io.codeagents.doctor.service.DoctorEvent;
import io.codeagents.doctor.service.DoctorService;
import io.codeagents.doctor.service.HistoryView;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/** One report on the whole deployment, its history, and the fixes the doctor can apply itself. */
@Path("/doctor")
@RequiresScope(Scope.ADMIN)
public class DoctorResource {

    /** The report's status, so scripts can decide without parsing the body. */
    static final String STATUS_HEADER = "X-Doctor-Status";
    private static final int MAX_HISTORY = 500;

    private final DoctorService doctor;
    private final FixService fixes;

    public DoctorResource(DoctorService doctor, FixService fixes) {
        this.doctor = doctor;
        this.fixes = fixes;
    }

    @GET
    @Produces({MediaType.APPLICATION_JSON, MediaType.TEXT_PLAIN})
    public Uni<Response> report(@RestQuery List<String> check, @RestQuery List<String> category,
            @RestQuery String format) {
        OutputFormat output = OutputFormat.parse(format);
        return doctor.report(check, category).map(report -> Response
                .ok(output == OutputFormat.TEXT ? ReportText.render(report) : report, output.mediaType())
                .header(STATUS_HEADER, report.status().wire()).build());
    }

    /** The same report as server-sent events: one per check as it finishes, the report last. */
    @GET
    @Path("events")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RestStreamElementType(MediaType.APPLICATION_JSON)
    public Multi<DoctorEvent> events(@RestQuery List<String> check, @RestQuery List<String> category) {
        return doctor.events(check, category);
    }

    @POST
    @Path("fix")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces({MediaType.APPLICATION_JSON, MediaType.TEXT_PLAIN})
    public Uni<Response> fix(@Valid @NotNull FixRequest request, @RestQuery String format) {
        OutputFormat output = OutputFormat.parse(format);
        return fixes.fix(request.checks(), request.isDryRun()).map(report -> Response
                .ok(output == OutputFormat.TEXT ? ReportText.render(report) : report, output.mediaType()).build());
    }

    @GET
    @Path("history")
    @Produces(MediaType.APPLICATION_JSON)
    public HistoryView history(@RestQuery String limit, @RestQuery String check) {
        return doctor.history(parseLimit(limit), Optional.ofNullable(check).filter(c -> !c.isBlank()).map(String::trim));
    }

    @GET
    @Path("history/{id}")
    @Produces(MediaType.APPLICATION_JSON)
    public String storedReport(@RestPath String id) {
        long reportId;
        try {
            reportId = Long.parseLong(id);
        } catch (NumberFormatException e) {
            throw ApiException.invalid("id", "must be a report id (a number), not '" + id + "'");
        }
        return doctor.storedReport(reportId).orElseThrow(() -> ApiException.notFound("Report " + reportId));
    }

    private static int parseLimit(String limit) {
        if (limit == null || limit.isBlank()) {
            return 20;
        }
        try {
            int value = Integer.parseInt(limit.trim());
            if (value >= 1 && value <= MAX_HISTORY) {
                return value;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw ApiException.invalid("limit", "must be a number from 1 to " + MAX_HISTORY + ", not '" + limit + "'");
    }
}
