package io.qhtrack.spring.guarded;

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
 * Tells, for every conversion the outbox takes, whether the visitor's response was already committed then: as a
 * filter it makes the container's own response, unwrapped, reachable from the request's thread (and threads that
 * thread starts); {@link #outbox} records each {@code add} with that response's {@code isCommitted()} at that moment.
 */
public final class CommitProbe implements Filter {

    /** One conversion the outbox took, and whether the response was committed then (null: unknown). */
    public record Added(PlatformUpload upload, Boolean committed) {
    }

    private static final InheritableThreadLocal<ServletResponse> CURRENT = new InheritableThreadLocal<>();

    /** What the outbox took, in order. */
    public final List<Added> added = new CopyOnWriteArrayList<>();

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

    /** {@code delegate}, recording each {@code add}. */
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
