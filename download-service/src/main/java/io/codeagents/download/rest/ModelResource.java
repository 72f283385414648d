package io.codeagents.download.rest;

import java.util.List;

import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import io.codeagents.common.auth.RequiresScope;
import io.codeagents.common.auth.Scope;
import io.codeagents.download.service.StoreService;
import io.codeagents.download.service.StoreService.DeletedModel;
import io.codeagents.download.service.StoreService.ModelView;

/** The complete models in the store (whoever pulled them). */
@Path("/models")
@RequiresScope(Scope.MODELS)
@Produces(MediaType.APPLICATION_JSON)
public class ModelResource {

    private final StoreService store;

    public ModelResource(StoreService store) {
        this.store = store;
    }

    public record ModelList(List<ModelView> models) {
    }

    @GET
    public ModelList list() {
        return new ModelList(store.models());
    }

    @GET
    @Path("/{model: .+}")
    public ModelView get(@PathParam("model") String model) {
        return store.model(model);
    }

    @DELETE
    @Path("/{model: .+}")
    public DeletedModel delete(@PathParam("model") String model) {
        return store.delete(model);
    }
}
