package io.plotstream.server.dashboard;

/**
 * One panel of a dashboard: the plot it shows and its place on the dashboard's grid, in cells
 * ({@code x} columns from the left, {@code y} rows from the top, {@code w} wide, {@code h} high).
 *
 * @param title shown above the panel instead of the plot's own title; null for the plot's
 */
public record Panel(String plot, int x, int y, int w, int h, String title) {
}
