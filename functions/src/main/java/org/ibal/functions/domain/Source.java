package org.ibal.functions.domain;

/** A document the model cites. */
public record Source(String title, String url, String snippet) {}
