// The GOV.UK template's first script, kept in a file so the Content Security
// Policy can forbid inline scripts.
document.body.className +=
  ' js-enabled' + ('noModule' in HTMLScriptElement.prototype ? ' govuk-frontend-supported' : '')
