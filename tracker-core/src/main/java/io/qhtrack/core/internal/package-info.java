/**
 * qhtrack's engine: the dispatcher (the one place where delivery is scheduled), the in-memory outbox, the HTTP
 * transport, metrics, the platform registry, and the JSON and text helpers that qhtrack's modules and platforms
 * share. Not API: it may change in any release; applications use {@code io.qhtrack.core}, platform authors
 * {@code io.qhtrack.core.spi}.
 */
package io.qhtrack.core.internal;
