package io.plotstream.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.plotstream.server.dashboard.Dashboard;
import io.plotstream.server.dashboard.DashboardConflictException;
import io.plotstream.server.dashboard.DashboardJson;
import io.plotstream.server.dashboard.DashboardStore;
import io.plotstream.server.dashboard.InvalidDashboardException;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Optional;
import java.util.function.Consumer;

/**
 * The dashboard REST API, with the same keys as the plot API ({@link AccessKeys}):
 * <pre>
 * GET    /api/dashboards          every definition, sorted by id (view key)
 * POST   /api/dashboards          create; optional "id", else d-xxxxxxxx (admin key) → 201, 409 if it exists
 * GET    /api/dashboards/{id}     the definition (view key)
 * PUT    /api/dashboards/{id}     create (201) or replace (200); body "id" absent or equal (admin key)
 * DELETE /api/dashboards/{id}     delete (admin key) → 200 {"deleted": id}
 * </pre>
 * A bad definition gets 400 {@code {"error": "panels[2].w: 0 is below 1"}} and changes nothing.
 * Stateless: the {@link DashboardStore} owns every dashboard.
 */
public final class DashboardApi {

    public static final String COLLECTION = "/api/dashboards";
    private static final Logger LOG = LoggerFactory.getLogger(DashboardApi.class);

    private final DashboardStore store;
    private final AccessKeys keys;
    private final int maxBodyBytes;
    private final ObjectMapper mapper = new ObjectMapper();

    public DashboardApi(DashboardStore store, AccessKeys keys, int maxBodyBytes) {
        this.store = store;
        this.keys = keys;
        this.maxBodyBytes = maxBodyBytes;
    }

    public boolean accepts(Request request) {
        String path = Request.getPathInContext(request);
        return path.equals(COLLECTION) || path.startsWith(COLLECTION + "/");
    }

    public void handle(Request request, Response response, Callback callback) {
        String path = Request.getPathInContext(request);
        String method = request.getMethod();
        ApiExchange exchange = new ApiExchange(request, response, callback, mapper, keys);
        try {
            if (path.equals(COLLECTION) || path.equals(COLLECTION + "/")) {
                collection(exchange, method);
            } else {
                String id = path.substring(COLLECTION.length() + 1);
                if (id.contains("/")) {
                    exchange.error(404, "no such dashboard resource: " + path);
                } else {
                    resource(exchange, method, id);
                }
            }
        } catch (RuntimeException e) {
            LOG.error("Dashboard API request {} {} failed", method, path, e);
            exchange.error(500, "internal error");
        }
    }

    private void collection(ApiExchange exchange, String method) {
        if (HttpMethod.GET.is(method) || HttpMethod.HEAD.is(method)) {
            exchange.viewing(() -> {
                ArrayNode list = mapper.createArrayNode();
                for (Dashboard dashboard : store.all()) {
                    list.add(DashboardJson.toJson(dashboard));
                }
                exchange.json(200, list);
            });
        } else if (HttpMethod.POST.is(method)) {
            exchange.administering(() -> withBody(exchange, body -> exchange.json(201, DashboardJson.toJson(store.create(body)))));
        } else {
            exchange.error(405, "use GET or POST on " + COLLECTION);
        }
    }

    private void resource(ApiExchange exchange, String method, String id) {
        if (HttpMethod.GET.is(method) || HttpMethod.HEAD.is(method)) {
            exchange.viewing(() -> {
                Optional<Dashboard> dashboard = store.find(id);
                if (dashboard.isPresent()) {
                    exchange.json(200, DashboardJson.toJson(dashboard.get()));
                } else {
                    exchange.error(404, "no dashboard '" + id + "'");
                }
            });
        } else if (HttpMethod.PUT.is(method)) {
            exchange.administering(() -> withBody(exchange, body -> {
                DashboardStore.Put put = store.put(id, body);
                exchange.json(put.created() ? 201 : 200, DashboardJson.toJson(put.dashboard()));
            }));
        } else if (HttpMethod.DELETE.is(method)) {
            exchange.administering(() -> {
                if (store.delete(id)) {
                    exchange.json(200, mapper.createObjectNode().put("deleted", id));
                } else {
                    exchange.error(404, "no dashboard '" + id + "'");
                }
            });
        } else {
            exchange.error(405, "use GET, PUT or DELETE on " + COLLECTION + "/{id}");
        }
    }

    /** Reads the body (bounded, asynchronously), parses it strictly and maps the store's refusals to statuses. */
    private void withBody(ApiExchange exchange, Consumer<JsonNode> action) {
        exchange.withBody(maxBodyBytes, bytes -> {
            try {
                action.accept(DashboardJson.readTree(bytes));
            } catch (InvalidDashboardException e) {
                exchange.error(400, e.getMessage());
            } catch (DashboardConflictException e) {
                exchange.error(409, e.getMessage());
            } catch (RuntimeException e) {
                LOG.error("Dashboard API request failed", e);
                exchange.error(500, "internal error (nothing was changed)");
            }
        });
    }
}
