package io.strata.dorisemulator;

/**
 * One row of a load, converted to the table's columns (values in table column order), or a delete
 * of the row with the same key when the load set {@code __DORIS_DELETE_SIGN__} to 1.
 */
public record LoadedRow(Object[] values, boolean delete) {}
