package io.qhtrack.bench;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/** An in-process response that records header lines; {@link #recycle()} makes it fresh again. */
final class FakeResponse implements HttpServletResponse {

    private final List<String> headers = new ArrayList<>();
    private int status = 200;

    void recycle() {
        headers.clear();
        status = 200;
    }

    /** Header lines set so far, {@code Name: value}. */
    List<String> headerLines() {
        return headers;
    }

    @Override
    public void addHeader(String name, String value) {
        headers.add(name + ": " + value);
    }

    @Override
    public void setHeader(String name, String value) {
        headers.removeIf(h -> h.regionMatches(true, 0, name + ":", 0, name.length() + 1));
        addHeader(name, value);
    }

    @Override
    public boolean containsHeader(String name) {
        return getHeader(name) != null;
    }

    @Override
    public String getHeader(String name) {
        Collection<String> values = getHeaders(name);
        return values.isEmpty() ? null : values.iterator().next();
    }

    @Override
    public Collection<String> getHeaders(String name) {
        List<String> values = new ArrayList<>();
        String prefix = name.toLowerCase(Locale.ROOT) + ":";
        for (String h : headers) {
            if (h.toLowerCase(Locale.ROOT).startsWith(prefix)) {
                values.add(h.substring(prefix.length() + 1));
            }
        }
        return values;
    }

    @Override
    public boolean isCommitted() {
        return false;
    }

    @Override
    public void setStatus(int status) {
        this.status = status;
    }

    @Override
    public int getStatus() {
        return status;
    }

    private static UnsupportedOperationException unsupported() {
        return new UnsupportedOperationException("not needed by the benchmark");
    }

    @Override
    public void addCookie(Cookie a0) {
        throw unsupported();
    }

    @Override
    public void addDateHeader(String a0, long a1) {
        throw unsupported();
    }

    @Override
    public void addIntHeader(String a0, int a1) {
        throw unsupported();
    }

    @Override
    public String encodeRedirectURL(String a0) {
        throw unsupported();
    }

    @Override
    public String encodeURL(String a0) {
        throw unsupported();
    }

    @Override
    public void flushBuffer() throws IOException {
        throw unsupported();
    }

    @Override
    public int getBufferSize() {
        throw unsupported();
    }

    @Override
    public String getCharacterEncoding() {
        throw unsupported();
    }

    @Override
    public String getContentType() {
        throw unsupported();
    }

    @Override
    public Collection<String> getHeaderNames() {
        throw unsupported();
    }

    @Override
    public Locale getLocale() {
        throw unsupported();
    }

    @Override
    public ServletOutputStream getOutputStream() throws IOException {
        throw unsupported();
    }

    @Override
    public PrintWriter getWriter() throws IOException {
        throw unsupported();
    }

    @Override
    public void resetBuffer() {
        throw unsupported();
    }

    @Override
    public void reset() {
        throw unsupported();
    }

    @Override
    public void sendError(int a0, String a1) throws IOException {
        throw unsupported();
    }

    @Override
    public void sendError(int a0) throws IOException {
        throw unsupported();
    }

    @Override
    public void sendRedirect(String a0) throws IOException {
        throw unsupported();
    }

    @Override
    public void setBufferSize(int a0) {
        throw unsupported();
    }

    @Override
    public void setCharacterEncoding(String a0) {
        throw unsupported();
    }

    @Override
    public void setContentLengthLong(long a0) {
        throw unsupported();
    }

    @Override
    public void setContentLength(int a0) {
        throw unsupported();
    }

    @Override
    public void setContentType(String a0) {
        throw unsupported();
    }

    @Override
    public void setDateHeader(String a0, long a1) {
        throw unsupported();
    }

    @Override
    public void setIntHeader(String a0, int a1) {
        throw unsupported();
    }

    @Override
    public void setLocale(Locale a0) {
        throw unsupported();
    }
}
