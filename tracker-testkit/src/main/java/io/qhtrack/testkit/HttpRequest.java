package io.qhtrack.testkit;

/**
 * One HTTP/1.x request as read off the wire by {@link LoopbackHttpServer}.
 *
 * @param method the request method, as sent (case-sensitive)
 * @param path the path of the request target, without query, not decoded
 * @param headers the header fields
 * @param body the exact body bytes (after removing any chunked framing); owned by this record, never copied
 * @param remotePort the client's TCP source port
 */
record HttpRequest(String method, String path, HttpHeaders headers, byte[] body, int remotePort) {}
