package io.codeagents.download.rest;

import java.time.Instant;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import io.codeagents.common.auth.RequiresScope;
import io.codeagents.common.auth.Scope;
import io.codeagents.download.service.StoreService;
import io.codeagents.download.service.StoreService.CleanedOrphans;
import io.codeagents.download.service.StoreService.StoreView;

/** The models volume: free space and partial files, and removing partial files no pull needs. */
@Path("/store")
@RequiresScope(Scope.MODELS)
@Produces(MediaType.APPLICATION_JSON)
public class StoreResource {

    private final StoreService store;

    public StoreResource(StoreService store) {
        this.store = store;
    }

    @GET
    public StoreView view() {
        return store.view();
    }

    @POST
    @Path("/clean-orphans")
    public CleanedOrphans cleanOrphans() {
        return store.cleanOrphans(Instant.now());
    }
}
