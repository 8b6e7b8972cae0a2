// Plotstream.theme: dark or light. Follows the system (prefers-color-scheme) until the user picks one
// with a toggle; the pick is remembered in localStorage (and forgotten again when it equals the
// system's, so the page goes back to following the system); ?theme=dark|light in the page's URL
// picks one for that page only (embeds). Sets <html data-theme="dark|light">
// for the CSS variables in style.css, and gives panels the plotly.js colours of the theme.
//
//   Plotstream.theme.current()        'dark' or 'light'
//   Plotstream.theme.toggle()         switch and remember
//   Plotstream.theme.set(name|null)   pick one, or null to follow the system again
//   Plotstream.theme.onChange(fn)     fn(name) after every change; returns a function that unsubscribes
//   Plotstream.theme.colors()         the plotly colours of the current theme
//   Plotstream.theme.bindToggle(button)
(function (global) {
  'use strict';

  var Plotstream = global.Plotstream = global.Plotstream || {};
  var STORAGE_KEY = 'plotstream.theme';

  var COLORS = {
    light: {
      paper: '#ffffff', plot: '#ffffff', font: '#1f2933', grid: '#e4e7eb', zeroline: '#cbd2d9',
      axisLine: '#9aa5b1', shapeLine: '#52606d', bandFill: 'rgba(47,111,222,0.12)',
      modebar: '#7b8794', modebarActive: '#1f2933', legendBg: 'rgba(255,255,255,0.6)'
    },
    dark: {
      paper: '#111418', plot: '#161b22', font: '#d8dee9', grid: '#2b3440', zeroline: '#3b4654',
      axisLine: '#4b5563', shapeLine: '#c0c8d2', bandFill: 'rgba(120,170,255,0.18)',
      modebar: '#8b95a1', modebarActive: '#e6edf3', legendBg: 'rgba(17,20,24,0.6)'
    }
  };

  var listeners = [];
  var media = global.matchMedia ? global.matchMedia('(prefers-color-scheme: dark)') : null;

  function stored() {
    try {
      var value = global.localStorage.getItem(STORAGE_KEY);
      return value === 'dark' || value === 'light' ? value : null;
    } catch (e) {
      return null; // storage blocked (e.g. a third-party iframe)
    }
  }

  function remember(value) {
    try {
      if (value === null) {
        global.localStorage.removeItem(STORAGE_KEY);
      } else {
        global.localStorage.setItem(STORAGE_KEY, value);
      }
    } catch (e) {
      // not remembered; the choice still holds for this page
    }
  }

  function system() {
    return media && media.matches ? 'dark' : 'light';
  }

  /** ?theme=dark|light (e.g. an embed in a dark site) picks the theme for this page without remembering it. */
  function fromUrl() {
    try {
      var value = new URLSearchParams(global.location.search).get('theme');
      return value === 'dark' || value === 'light' ? value : null;
    } catch (e) {
      return null;
    }
  }

  var choice = fromUrl() || stored();
  var applied = null;

  function current() {
    return choice || system();
  }

  function apply() {
    var name = current();
    global.document.documentElement.setAttribute('data-theme', name);
    if (name === applied) {
      return;
    }
    applied = name;
    listeners.slice().forEach(function (listener) {
      try {
        listener(name);
      } catch (e) {
        if (global.console) {
          global.console.error(e);
        }
      }
    });
  }

  function set(name) {
    choice = name === 'dark' || name === 'light' ? name : null;
    if (choice === system()) {
      choice = null;
    }
    remember(choice);
    apply();
  }

  function toggle() {
    set(current() === 'dark' ? 'light' : 'dark');
  }

  function onChange(listener) {
    listeners.push(listener);
    return function () {
      var at = listeners.indexOf(listener);
      if (at >= 0) {
        listeners.splice(at, 1);
      }
    };
  }

  function bindToggle(button) {
    function label() {
      var dark = current() === 'dark';
      button.textContent = dark ? 'Light' : 'Dark';
      button.setAttribute('aria-pressed', String(dark));
      button.title = dark ? 'Switch to the light theme' : 'Switch to the dark theme';
    }
    button.addEventListener('click', toggle);
    onChange(label);
    label();
  }

  if (media) {
    var follow = function () {
      apply();
    };
    if (media.addEventListener) {
      media.addEventListener('change', follow);
    } else if (media.addListener) {
      media.addListener(follow);
    }
  }
  global.addEventListener('storage', function (event) {
    if (event.key === STORAGE_KEY) {
      choice = stored();
      apply();
    }
  });

  Plotstream.theme = {
    current: current,
    set: set,
    toggle: toggle,
    onChange: onChange,
    bindToggle: bindToggle,
    colors: function () {
      return COLORS[current()];
    },
    system: system
  };
  apply();
}(window));
