/**
 * 360 Dianjing (360 点睛) web conversion protocol: product lines, events, conversions, payloads, signing and
 * delivery. This package has no servlet dependency.
 */
package io.qhtrack.core;
