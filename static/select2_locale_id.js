// Select2 3.5 (bundled with Flask-Admin) in Indonesian: its messages as defaults for every picker.
// Loaded after select2 and before Flask-Admin's form.js sets the pickers up; a file, not an inline
// script, so the Content-Security-Policy allows it.
(function ($) {
  if (!$ || !$.fn || !$.fn.select2) {
    return;
  }
  $.fn.select2.locales = $.fn.select2.locales || {};
  $.fn.select2.locales.id = {
    formatMatches: function (matches) {
      return matches === 1
        ? "Satu hasil; tekan Enter untuk memilihnya."
        : matches + " hasil; pilih dengan tombol panah atas dan bawah.";
    },
    formatNoMatches: function () {
      return "Tidak ada yang cocok";
    },
    formatAjaxError: function () {
      return "Gagal memuat hasil";
    },
    formatInputTooShort: function (input, min) {
      return "Ketik " + (min - input.length) + " karakter lagi";
    },
    formatInputTooLong: function (input, max) {
      return "Hapus " + (input.length - max) + " karakter";
    },
    formatSelectionTooBig: function (limit) {
      return "Anda hanya dapat memilih " + limit + " pilihan";
    },
    formatLoadMore: function () {
      return "Memuat hasil lainnya…";
    },
    formatSearching: function () {
      return "Mencari…";
    }
  };
  $.extend($.fn.select2.defaults, $.fn.select2.locales.id);
})(window.jQuery);
