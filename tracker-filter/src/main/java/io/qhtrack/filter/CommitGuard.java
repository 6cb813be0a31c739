package io.qhtrack.filter;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.lang.reflect.Array;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Holds a response back until the conversions its request registered ({@link PendingConversion}) have been reported,
 * so that nothing reaches the visitor before the conversion is in the outbox. What the application writes stays here,
 * up to the container's buffer size, and reaches the container only once the reports ran; they run as the response
 * is about to commit: on the first flush ({@code flush()}, {@code flushBuffer()}), when the body would outgrow the
 * buffer or reaches its content length, on {@code close()}, on {@code sendRedirect}, on
 * {@code AsyncContext.complete()}, or at the end of the filter chain ({@link #finish}), whichever comes first, with
 * the status the response is about to be sent with. From then on everything passes straight through.
 * {@code sendError} and an exception out of the chain cancel the reports ({@link #abandon}).
 *
 * <p>Asynchronous requests: once {@code startAsync} was called, nothing is held any more: the reports run before the
 * first byte the application writes or flushes, or before {@code AsyncContext.complete()}. A request whose
 * asynchronous cycle ends with an {@code AsyncContext.dispatch()} whose target writes nothing is reported when the
 * cycle completes, after the answer (no filter of qhtrack's runs on the dispatch).
 *
 * <p>Exactly the container's semantics otherwise: {@code getWriter()} and {@code getOutputStream()} are the
 * container's (its charset and its rule that only one of them may be used), {@code isCommitted()} and the buffer
 * size are the container's, {@code resetBuffer()} and {@code reset()} drop what is held.
 */
final class CommitGuard extends HttpServletResponseWrapper {

    /** Request attribute under which the guard of the request's response is kept. */
    static final String ATTRIBUTE = CommitGuard.class.getName();

    private static final Logger LOG = Logger.getLogger(ConversionTriggerFilter.class.getName());

    private final GuardedRequest request;
    private final List<PendingConversion> watched = new ArrayList<>(2);
    /** The reports ran, or were cancelled: everything passes straight through. Guarded by {@code this}. */
    private volatile boolean released;
    /** The request went asynchronous: nothing is held any more. */
    private volatile boolean async;
    /** The content length the application declared, or -1. */
    private volatile long contentLength = -1;
    private HeldOutputStream stream;
    private HeldWriter heldWriter;
    private PrintWriter writer;

    CommitGuard(HttpServletRequest request, HttpServletResponse response) {
        super(response);
        this.request = new GuardedRequest(request);
        request.setAttribute(ATTRIBUTE, this);
    }

    /** The guard of {@code request}'s response, or {@code null}. */
    static CommitGuard of(ServletRequest request) {
        Object guard = request.getAttribute(ATTRIBUTE);
        return guard instanceof CommitGuard ? (CommitGuard) guard : null;
    }

    /** The request to pass down the chain: it lets the guard see {@code startAsync} and {@code complete()}. */
    HttpServletRequest request() {
        return request;
    }

    /** Reports {@code pending} before the response commits (unless that moment has passed already). */
    void watch(PendingConversion pending) {
        synchronized (this) {
            if (!released) {
                watched.add(pending);
                return;
            }
        }
        LOG.log(Level.FINE, "qhtrack: {0} was registered after the response was released; its registrant reports it",
                pending);
    }

    // --- the moments -------------------------------------------------------------------------------------------

    /** The filter chain returned normally: the answer is complete. */
    void finish() throws IOException {
        AsyncContext context = null;
        try {
            context = request.isAsyncStarted() ? request.getAsyncContext() : null;
        } catch (IllegalStateException completedMeanwhile) {
            // the asynchronous cycle completed on another thread (through the guard) since isAsyncStarted()
        }
        if (context == null || released) {
            commit(); // synchronous, or the asynchronous answer was completed through the guard already
            return;
        }
        goAsync();
        try {
            context.addListener(new UntilComplete());
        } catch (IllegalStateException completedMeanwhile) {
            release(getStatus()); // completed without the guard seeing it: report now rather than never
        }
    }

    /** The chain failed with an exception: no report; what is held goes to the container, as if in its buffer. */
    void abandon() {
        cancel();
        try {
            passHeld();
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.FINE, "qhtrack: could not hand a failed request's answer to the container", e);
        }
    }

    /** The response is about to commit: the reports run with its status, then what is held goes to the container. */
    private void commit() throws IOException {
        synchronized (this) {
            release(getStatus());
            passHeld();
        }
    }

    private void release(int status) {
        List<PendingConversion> due;
        synchronized (this) {
            if (released) {
                return;
            }
            released = true;
            due = new ArrayList<>(watched);
            watched.clear();
        }
        for (PendingConversion pending : due) {
            pending.reportIfSuccessful(status);
        }
    }

    private void cancel() {
        List<PendingConversion> due;
        synchronized (this) {
            released = true;
            due = new ArrayList<>(watched);
            watched.clear();
        }
        for (PendingConversion pending : due) {
            pending.cancel();
        }
    }

    /** From now on nothing is held: an answer held so far is committed now (nothing may be left behind). */
    private void goAsync() {
        async = true;
        try {
            if (held() > 0) {
                commit();
            }
        } catch (IOException e) {
            LOG.log(Level.FINE, "qhtrack: could not hand the answer to the container as the request went async", e);
        }
    }

    private synchronized int held() {
        return (stream == null ? 0 : stream.held.count) + (heldWriter == null ? 0 : heldWriter.held.count);
    }

    private synchronized void passHeld() throws IOException {
        if (stream != null) {
            stream.pass();
        }
        if (heldWriter != null) {
            heldWriter.pass();
        }
    }

    private synchronized void dropHeld() {
        if (stream != null) {
            stream.held.count = 0;
        }
        if (heldWriter != null) {
            heldWriter.held.count = 0;
        }
    }

    /**
     * Whether {@code total} units (bytes, or characters, each at least a byte) may be held: less than the container's
     * buffer, short of the declared content length, while synchronous. If not, the guard commits first.
     */
    private boolean mayHold(long total) throws IOException {
        if (released) {
            return false;
        }
        long length = contentLength;
        if (!async && total < getBufferSize() && (length < 0 || total < length)) {
            return true;
        }
        commit();
        return false;
    }

    // --- the response ------------------------------------------------------------------------------------------

    @Override
    public synchronized ServletOutputStream getOutputStream() throws IOException {
        if (stream == null) {
            stream = new HeldOutputStream(super.getOutputStream());
        }
        return stream;
    }

    @Override
    public synchronized PrintWriter getWriter() throws IOException {
        if (writer == null) {
            PrintWriter target = super.getWriter();
            heldWriter = new HeldWriter(target);
            writer = new PrintWriter(heldWriter, false) {
                @Override
                public boolean checkError() {
                    return super.checkError() || target.checkError();
                }
            };
        }
        return writer;
    }

    @Override
    public void flushBuffer() throws IOException {
        commit();
        super.flushBuffer();
    }

    @Override
    public void resetBuffer() {
        dropHeld();
        super.resetBuffer();
    }

    @Override
    public void reset() {
        dropHeld();
        contentLength = -1;
        super.reset();
    }

    @Override
    public synchronized void setBufferSize(int size) {
        if (held() > 0) {
            throw new IllegalStateException("the response has content already; its buffer size cannot change");
        }
        super.setBufferSize(size);
    }

    @Override
    public void sendError(int sc, String msg) throws IOException {
        cancel();
        dropHeld();
        super.sendError(sc, msg);
    }

    @Override
    public void sendError(int sc) throws IOException {
        cancel();
        dropHeld();
        super.sendError(sc);
    }

    @Override
    public void sendRedirect(String location) throws IOException {
        redirecting(SC_FOUND, true);
        super.sendRedirect(location);
    }

    /** Servlet 6.1's {@code sendRedirect(String, int, boolean)}, which the wrapper would pass on unseen. */
    public void sendRedirect(String location, int sc, boolean clearBuffer) throws IOException {
        redirecting(sc, clearBuffer);
        servlet61SendRedirect(new Class<?>[] {String.class, int.class, boolean.class}, location, sc, clearBuffer);
    }

    /** Servlet 6.1's {@code sendRedirect(String, int)}. */
    public void sendRedirect(String location, int sc) throws IOException {
        redirecting(sc, true);
        servlet61SendRedirect(new Class<?>[] {String.class, int.class}, location, sc);
    }

    /** Servlet 6.1's {@code sendRedirect(String, boolean)}. */
    public void sendRedirect(String location, boolean clearBuffer) throws IOException {
        redirecting(SC_FOUND, clearBuffer);
        servlet61SendRedirect(new Class<?>[] {String.class, boolean.class}, location, clearBuffer);
    }

    /** A redirect answers {@code status} at once: report, then keep or drop the body as the redirect will. */
    private void redirecting(int status, boolean clearBuffer) throws IOException {
        synchronized (this) {
            release(status);
            if (clearBuffer) {
                dropHeld();
            } else {
                passHeld();
            }
        }
    }

    /** Calls the wrapped response's Servlet 6.1 method; compiled against Servlet 3.1's API, which lacks it. */
    private void servlet61SendRedirect(Class<?>[] types, Object... args) throws IOException {
        try {
            HttpServletResponse.class.getMethod("sendRedirect", types).invoke(getResponse(), args);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException) {
                throw (IOException) cause;
            }
            if (cause instanceof RuntimeException) {
                throw (RuntimeException) cause;
            }
            throw new IllegalStateException(cause);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("sendRedirect" + Arrays.toString(types) + " is not in this Servlet API", e);
        }
    }

    @Override
    public void setContentLength(int len) {
        contentLength = len;
        super.setContentLength(len);
    }

    @Override
    public void setContentLengthLong(long len) {
        contentLength = len;
        super.setContentLengthLong(len);
    }

    @Override
    public void setHeader(String name, String value) {
        declared(name, value);
        super.setHeader(name, value);
    }

    @Override
    public void addHeader(String name, String value) {
        declared(name, value);
        super.addHeader(name, value);
    }

    @Override
    public void setIntHeader(String name, int value) {
        declared(name, String.valueOf(value));
        super.setIntHeader(name, value);
    }

    @Override
    public void addIntHeader(String name, int value) {
        declared(name, String.valueOf(value));
        super.addIntHeader(name, value);
    }

    private void declared(String name, String value) {
        if ("Content-Length".equalsIgnoreCase(name)) {
            try {
                contentLength = value == null ? -1 : Long.parseLong(value.trim());
            } catch (NumberFormatException e) {
                contentLength = -1; // the container decides what to make of it
            }
        }
    }

    // --- held output -------------------------------------------------------------------------------------------

    /**
     * What the held stream or the held writer holds: up to a buffer's worth of bytes or characters, in an array of
     * either kind ({@code byte[]} or {@code char[]}) that grows as needed. Guarded by the guard.
     */
    private final class Held {
        /** A {@code byte[]} or a {@code char[]}: the first {@link #count} are held. */
        Object units;
        int count;

        Held(Object empty) {
            this.units = empty;
        }

        /**
         * Holds {@code len} units of {@code source} (an array of the same kind) from {@code off}, unless the guard may
         * hold no more ({@link #mayHold}, which commits then): {@code false}, and the caller writes them through.
         */
        boolean hold(Object source, int off, int len) throws IOException {
            synchronized (CommitGuard.this) {
                if (!mayHold((long) count + len)) {
                    return false;
                }
                int capacity = Array.getLength(units);
                if (count + len > capacity) {
                    Object grown = Array.newInstance(units.getClass().getComponentType(),
                            Math.max(count + len, Math.min(2 * capacity + 256, getBufferSize())));
                    System.arraycopy(units, 0, grown, 0, count);
                    units = grown;
                }
                System.arraycopy(source, off, units, count, len);
                count += len;
                return true;
            }
        }

        /** Hands over what is held: how many units (the first of {@link #units}), forgotten here. */
        int take() {
            int n = count;
            count = 0;
            return n;
        }
    }

    /** The container's output stream, behind up to a buffer's worth of held bytes. */
    private final class HeldOutputStream extends ServletOutputStream {
        private final ServletOutputStream out;
        private final Held held = new Held(new byte[0]);

        HeldOutputStream(ServletOutputStream out) {
            this.out = out;
        }

        @Override
        public void write(int b) throws IOException {
            if (released) {
                out.write(b);
            } else {
                write(new byte[] {(byte) b}, 0, 1);
            }
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (released || !held.hold(b, off, len)) {
                out.write(b, off, len);
            }
        }

        void pass() throws IOException {
            int n = held.take();
            if (n > 0) {
                out.write((byte[]) held.units, 0, n);
            }
        }

        @Override
        public void flush() throws IOException {
            commit();
            out.flush();
        }

        @Override
        public void close() throws IOException {
            commit();
            out.close();
        }

        @Override
        public boolean isReady() {
            return out.isReady();
        }

        @Override
        public void setWriteListener(WriteListener listener) {
            try {
                commit(); // non-blocking output writes when the container says so: nothing may be held
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            out.setWriteListener(listener);
        }
    }

    /** The container's writer, behind up to a buffer's worth of held characters. */
    private final class HeldWriter extends Writer {
        private final PrintWriter out;
        private final Held held = new Held(new char[0]);

        HeldWriter(PrintWriter out) {
            this.out = out;
        }

        @Override
        public void write(int c) throws IOException {
            if (released) {
                out.write(c);
            } else {
                write(new char[] {(char) c}, 0, 1);
            }
        }

        @Override
        public void write(char[] c, int off, int len) throws IOException {
            if (released || !held.hold(c, off, len)) {
                out.write(c, off, len);
            }
        }

        @Override
        public void write(String s, int off, int len) throws IOException {
            if (released) {
                out.write(s, off, len);
            } else {
                char[] chars = new char[len];
                s.getChars(off, off + len, chars, 0);
                write(chars, 0, len);
            }
        }

        void pass() {
            int n = held.take();
            if (n > 0) {
                out.write((char[]) held.units, 0, n);
            }
        }

        @Override
        public void flush() throws IOException {
            commit();
            out.flush();
        }

        @Override
        public void close() throws IOException {
            commit();
            out.close();
        }
    }

    // --- asynchronous requests ---------------------------------------------------------------------------------

    /** Lets the guard see the request go asynchronous, and the asynchronous cycle complete. */
    private final class GuardedRequest extends HttpServletRequestWrapper {
        private volatile AsyncContext context;

        GuardedRequest(HttpServletRequest request) {
            super(request);
        }

        @Override
        public AsyncContext startAsync() {
            // with this request and the guard, so that what the application writes to the context's response is seen
            return guarded(super.startAsync(this, CommitGuard.this));
        }

        @Override
        public AsyncContext startAsync(ServletRequest servletRequest, ServletResponse servletResponse) {
            return guarded(super.startAsync(servletRequest, servletResponse));
        }

        @Override
        public AsyncContext getAsyncContext() {
            AsyncContext own = context;
            return own != null && super.isAsyncStarted() ? own : super.getAsyncContext();
        }

        /**
         * {@code started}, reporting before {@code complete()} lets the container send the answer. A proxy, not a
         * class implementing {@code AsyncContext}: its generic {@code createListener} would leave a Jakarta name in
         * the javax twin's byte code (the transformer rewrites that signature but keeps the old constant).
         */
        private AsyncContext guarded(AsyncContext started) {
            goAsync();
            AsyncContext guarded = (AsyncContext) Proxy.newProxyInstance(CommitGuard.class.getClassLoader(),
                    new Class<?>[] {AsyncContext.class}, (proxy, method, args) -> {
                        if (method.getName().equals("complete") && method.getParameterCount() == 0) {
                            try {
                                commit();
                            } catch (IOException e) {
                                LOG.log(Level.FINE, "qhtrack: could not hand the asynchronous answer to the "
                                        + "container", e);
                            }
                        }
                        try {
                            return method.invoke(started, args);
                        } catch (InvocationTargetException e) {
                            throw e.getCause();
                        }
                    });
            context = guarded;
            return guarded;
        }
    }

    /**
     * Ends the guard with the asynchronous cycle: a report still pending when it completes (an
     * {@code AsyncContext.dispatch()} whose target wrote nothing) runs then; a timeout or an error cancels it.
     */
    private final class UntilComplete implements AsyncListener {

        @Override
        public void onComplete(AsyncEvent event) {
            release(getStatus());
        }

        @Override
        public void onTimeout(AsyncEvent event) {
            cancel();
        }

        @Override
        public void onError(AsyncEvent event) {
            cancel();
        }

        @Override
        public void onStartAsync(AsyncEvent event) {
            event.getAsyncContext().addListener(this);
        }
    }
}
