package io.qhtrack.filter;

import io.qhtrack.core.spi.Outbox;
import io.qhtrack.core.spi.PlatformUpload;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.ServletResponseWrapper;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Tells, for every conversion the outbox takes, whether the visitor's response was already committed at that moment:
 * "the visitor saw success" must imply "the conversion is durable". As a filter (anywhere in the chain) it makes the
 * container's own response, unwrapped, reachable from the request's thread and from threads that thread starts (an
 * asynchronous handler's); {@link #outbox} wraps an outbox so that each {@code add} is recorded with that response's
 * {@code isCommitted()} as it is when {@code add} runs.
 */
final class CommitProbe implements Filter {

    /** One conversion the outbox took: its upload, and whether the response was committed then (null: unknown). */
    record Added(PlatformUpload upload, Boolean committed) {
    }

    private static final InheritableThreadLocal<ServletResponse> CURRENT = new InheritableThreadLocal<>();

    final List<Added> added = new CopyOnWriteArrayList<>();

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        ServletResponse container = response;
        while (container instanceof ServletResponseWrapper) {
            container = ((ServletResponseWrapper) container).getResponse();
        }
        CURRENT.set(container);
        try {
            chain.doFilter(request, response);
        } finally {
            CURRENT.remove();
        }
    }

    /** {@code delegate}, recording each {@code add} in {@link #added}. */
    Outbox outbox(Outbox delegate) {
        return (Outbox) Proxy.newProxyInstance(Outbox.class.getClassLoader(), new Class<?>[] {Outbox.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("add") && args != null && args.length > 0
                            && args[0] instanceof PlatformUpload) {
                        ServletResponse response = CURRENT.get();
                        added.add(new Added((PlatformUpload) args[0], response == null ? null : response.isCommitted()));
                    }
                    try {
                        return method.invoke(delegate, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }
}
