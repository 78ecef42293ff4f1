package org.ibal.config;

/** A setting whose value can't be used: the message names it and says what it must be. Fails the start. */
public class InvalidSettingException extends IllegalStateException {
    public InvalidSettingException(String message) {
        super(message);
    }
}
