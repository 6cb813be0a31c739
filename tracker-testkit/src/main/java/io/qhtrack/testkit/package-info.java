/** Fake360: a strict, embeddable stand-in for 360's web conversion endpoint. */
package io.qhtrack.testkit;
