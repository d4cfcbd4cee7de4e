package io.github.maintenance.spi;

/**
 * A stored state written by a newer version of the library, in a format this version does not
 * know. Stores never write over it: the newer version's data stays as it is, and changes made by
 * this version hold on this instance only until an operator decides.
 */
public class NewerFormatException extends StateStoreException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     * @param message what was found (the format version) and where
     */
    public NewerFormatException(String message) {
        super(message);
    }
}
