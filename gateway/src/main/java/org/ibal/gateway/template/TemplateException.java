package org.ibal.gateway.template;

/** The template cannot be run by the gateway; the message names the resource and what to change. */
public final class TemplateException extends RuntimeException {
    public TemplateException(String message) {
        super(message);
    }
}
