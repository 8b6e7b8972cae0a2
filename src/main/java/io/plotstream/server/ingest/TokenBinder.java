package io.plotstream.server.ingest;

import io.plotstream.protocol.StreamToken;
import io.plotstream.server.plot.PlotConflictException;
import io.plotstream.server.plot.PlotLimitException;
import io.plotstream.server.plot.PlotStore;
import io.plotstream.server.plot.TokenBinding;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/** Finds the traces a token feeds; in open mode, creates a one-trace plot for an unknown token first. */
final class TokenBinder {

    private static final Logger LOG = LoggerFactory.getLogger(TokenBinder.class);

    private final PlotStore store;
    private final boolean openMode;

    TokenBinder(PlotStore store, boolean openMode) {
        this.store = store;
        this.openMode = openMode;
    }

    /** The token's bindings, empty when it is malformed, unknown (and not in open mode), or open mode cannot make a plot. */
    List<TokenBinding> bind(String token) {
        if (!StreamToken.isWellFormed(token)) {
            return List.of();
        }
        List<TokenBinding> bindings = openMode ? store.bindings(token) : store.bindingsForNewStream(token);
        if (!bindings.isEmpty() || !openMode) {
            return bindings;
        }
        try {
            bindings = store.bindOpenModeToken(token);
            LOG.info("Open mode: token {} now feeds plot {}", StreamToken.mask(token), bindings.get(0).plot().id());
            return bindings;
        } catch (PlotLimitException | PlotConflictException e) {
            LOG.warn("Open mode could not create a plot for token {}: {}", StreamToken.mask(token), e.getMessage());
            return List.of();
        }
    }
}
