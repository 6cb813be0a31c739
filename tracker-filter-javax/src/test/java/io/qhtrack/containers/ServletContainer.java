package io.qhtrack.containers;

import java.nio.file.Path;

/**
 * An embedded container the contract of io.qhtrack.filter deploys to. Only the implementations touch a container's
 * classes, and they live outside io.qhtrack.filter: the Jetty and the Tomcat tests run on different class paths
 * (see the pom), and a {@code -Dtest=io.qhtrack.filter.**} filter, which reaches every execution, must not make one
 * of them load the other container's classes.
 */
public interface ServletContainer {

    /** Starts on 127.0.0.1 (any free port) with {@code webapp} at {@code contextPath}; returns the port. */
    int deploy(Path webapp, String contextPath, Path work) throws Exception;

    /** Stops (the web application's listeners run, TrackerListener draining the tracker). */
    void stop() throws Exception;

    /** The container's own version number, e.g. {@code 9.4.57.v20241219}. */
    String version();
}
