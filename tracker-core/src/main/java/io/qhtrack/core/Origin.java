package io.qhtrack.core;

/**
 * Who caused a conversion: the application's own server-side code, or a request the browser (or a script posing as
 * one) could send by itself. The outbox bounds what the browser can cause, so that a flood of forged browser events
 * never displaces, delays or loses a form, an order or a payment.
 */
public enum Origin {
    /** Reported by the application's server-side code: a form, an order, a payment, a trigger, an annotation. */
    SERVER,
    /** Asked for by the browser script (a browser event): anyone can send such a request, so it is budgeted. */
    BROWSER
}
