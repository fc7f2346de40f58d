/** Cookie holding the chosen theme (light or dark); absent means follow the OS. */
export const THEME_COOKIE = 'liftoff_theme';
