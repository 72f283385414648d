package io.codeagents.generator.rest;

import java.net.URI;
import java.util.Optional;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;

import io.codeagents.common.auth.RequiresScope;
import io.codeagents.common.auth.Scope;
import io.codeagents.common.error.ApiException;
import io.codeagents.common.http.RequestIds;
import io.codeagents.generator.domain.Task;
import io.codeagents.generator.domain.TaskStatus;
import io.codeagents.generator.service.GenerationSpec;
import io.codeagents.generator.service.RequestLimits;
import io.codeagents.generator.service.TaskEventStream;
import io.codeagents.generator.service.TaskService;
import io.codeagents.generator.service.TaskView;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Multi;

/** The generate → review → refine tasks: submit, follow, list, cancel. */
@Path("/tasks")
@RequiresScope(Scope.GENERATE)
public class TaskResource {

    private static final int MAX_PAGE_SIZE = 100;

    private final TaskService tasks;
    private final TaskEventStream eventStream;
    private final RequestLimits limits;

    public TaskResource(TaskService tasks, TaskEventStream eventStream, RequestLimits limits) {
        this.tasks = tasks;
        this.eventStream = eventStream;
        this.limits = limits;
    }

    /** What {@code POST /tasks} answers: where the task is and that it waits for a worker. */
    public record Accepted(UUID id, TaskStatus status) {
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Response submit(@Valid @NotNull TaskRequest request) {
        GenerationSpec spec = limits.spec(request.taskDescription(), request.language(), request.model(), null, null);
        int maxIterations = limits.maxIterations(request.maxIterations());
        Task task = tasks.submit(spec, maxIterations, RequestIds.current());
        return Response.accepted(new Accepted(task.id, task.status)).location(URI.create("/tasks/" + task.id)).build();
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public TaskView.Page list(@QueryParam("status") String status, @QueryParam("page") Integer page,
            @QueryParam("size") Integer size) {
        Optional<TaskStatus> filter = Optional.ofNullable(status).filter(s -> !s.isBlank())
                .map(s -> TaskStatus.parse(s).orElseThrow(() -> RequestLimits.invalid("status",
                        "must be one of queued, running, succeeded, failed, cancelled")));
        int pageNumber = page == null ? 0 : page;
        int pageSize = size == null ? 20 : size;
        if (pageNumber < 0) {
            throw RequestLimits.invalid("page", "must be 0 or more");
        }
        if (pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
            throw RequestLimits.invalid("size", "must be between 1 and " + MAX_PAGE_SIZE);
        }
        return tasks.list(filter, pageNumber, pageSize);
    }

    @GET
    @Path("/{id}")
    @Produces(MediaType.APPLICATION_JSON)
    public TaskView get(@PathParam("id") String id) {
        return tasks.get(taskId(id));
    }

    @DELETE
    @Path("/{id}")
    @Produces(MediaType.APPLICATION_JSON)
    public TaskView cancel(@PathParam("id") String id) {
        return tasks.cancel(taskId(id));
    }

    /** Every step of the task as SSE: past ones replayed, then live ones; the stream ends with the task. */
    @GET
    @Path("/{id}/events")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @Blocking
    public Multi<OutboundSseEvent> events(@PathParam("id") String id, @HeaderParam("Last-Event-ID") String lastEventId,
            @Context Sse sse) {
        UUID taskId = taskId(id);
        if (!tasks.exists(taskId)) {
            throw ApiException.notFound("Task " + taskId);
        }
        long after = 0;
        if (lastEventId != null && !lastEventId.isBlank()) {
            try {
                after = Long.parseLong(lastEventId.trim());
            } catch (NumberFormatException e) {
                throw RequestLimits.invalid("Last-Event-ID", "must be the id of an event of this stream");
            }
        }
        return eventStream.of(taskId, after).map(event -> sse.newEventBuilder().id(Long.toString(event.id()))
                .name(event.type()).mediaType(MediaType.APPLICATION_JSON_TYPE).data(event).build());
    }

    /** A malformed id names no task: 404 like any unknown id. */
    private static UUID taskId(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw ApiException.notFound("Task " + id);
        }
    }

}
