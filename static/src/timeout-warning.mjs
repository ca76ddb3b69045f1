// The GOV.UK timeout warning: a modal dialog shortly before the idle sign-out,
// with "Stay signed in" (which starts the server's idle clock again) and
// "Sign out". Every time comes from the server, in the dialog's data
// attributes (templates/includes/timeout_warning.html): the seconds this
// session has left as of the page and how long before the end to warn.
//
// Another tab may keep the same session alive, so before warning, and again
// when the time seems up, the script asks the server how long is left (a GET
// that is not itself activity) rather than trusting its own clock. When the
// time is up it goes to the sign-in page, which says why the user was signed
// out and brings them back here once they sign in again.

const dialog = document.querySelector('[data-module="rasso-timeout-warning"]')
if (dialog && typeof dialog.showModal === 'function') {
  timeoutWarning(dialog)
}

function timeoutWarning (dialog) {
  const warningMs = Number(dialog.dataset.warningSeconds) * 1000
  const sessionUrl = dialog.dataset.sessionUrl
  const signInUrl = dialog.dataset.signInUrl
  const stayForm = dialog.querySelector('[data-timeout-stay]')
  const stayButton = stayForm.querySelector('button')
  const csrfToken = stayForm.querySelector('input[name="csrfmiddlewaretoken"]').value
  const countdown = dialog.querySelector('[data-timeout-countdown]')
  const announcement = dialog.querySelector('[data-timeout-announcement]')
  // A second's margin, so that the server's clock has certainly run out when
  // this one has.
  const marginMs = 1000

  let deadline = 0
  let checkTimer = null
  let tickTimer = null
  let returnFocusTo = null

  function schedule (secondsLeft) {
    deadline = Date.now() + secondsLeft * 1000 + marginMs
    clearTimeout(checkTimer)
    checkTimer = setTimeout(check, Math.max(0, deadline - warningMs - Date.now()))
  }

  // The seconds left, or null when the session has ended. GET asks; POST
  // ("stay signed in") starts the idle clock again.
  async function secondsLeft (method) {
    const response = await fetch(sessionUrl, {
      method,
      credentials: 'same-origin',
      headers: { Accept: 'application/json', 'X-CSRFToken': csrfToken }
    })
    if (response.status === 401) {
      return null
    }
    const type = response.headers.get('Content-Type') || ''
    if (!response.ok || !type.startsWith('application/json')) {
      throw new Error(`The session endpoint answered ${response.status}`)
    }
    const body = await response.json()
    return Number(body.seconds_left)
  }

  // Time up (or the session gone): the sign-in page says why, and returns here.
  function signedOut () {
    clearTimeout(checkTimer)
    clearInterval(tickTimer)
    const here = window.location.pathname + window.location.search
    window.location.assign(`${signInUrl}?next=${encodeURIComponent(here)}`)
  }

  async function check () {
    let left
    try {
      left = await secondsLeft('GET')
    } catch {
      // The server could not be asked: go by this page's clock.
      left = Math.max(0, (deadline - marginMs - Date.now()) / 1000)
    }
    if (left === null) {
      signedOut()
    } else if (left * 1000 > warningMs) {
      // Kept alive elsewhere (another tab): nothing to warn of yet.
      close()
      schedule(left)
    } else {
      deadline = Date.now() + left * 1000 + marginMs
      open()
    }
  }

  function inWords (seconds) {
    const minutes = Math.floor(seconds / 60)
    const rest = seconds % 60
    const parts = []
    if (minutes) parts.push(`${minutes} minute${minutes === 1 ? '' : 's'}`)
    if (rest || !minutes) parts.push(`${rest} second${rest === 1 ? '' : 's'}`)
    return `For your security, we will sign you out in ${parts.join(' ')}.`
  }

  function open () {
    if (!dialog.open) {
      returnFocusTo = document.activeElement
      announcement.textContent = ''
      dialog.showModal()
    }
    clearInterval(tickTimer)
    tick(true)
    tickTimer = setInterval(tick, 1000)
  }

  function close () {
    clearInterval(tickTimer)
    if (dialog.open) {
      dialog.close()
      if (returnFocusTo && typeof returnFocusTo.focus === 'function') {
        returnFocusTo.focus()
      }
    }
  }

  // The visible countdown every second; the screen reader's (a polite live
  // region) on opening, then each whole minute and every 15 seconds of the
  // last minute, so that it is not talking all the time.
  function tick (opening = false) {
    const seconds = Math.ceil((deadline - marginMs - Date.now()) / 1000)
    if (seconds <= 0) {
      clearInterval(tickTimer)
      expire()
      return
    }
    const words = inWords(seconds)
    countdown.textContent = words
    if (opening || (seconds > 60 ? seconds % 60 === 0 : seconds % 15 === 0)) {
      announcement.textContent = words
    }
  }

  async function expire () {
    let left = null
    try {
      left = await secondsLeft('GET')
    } catch {
      left = null
    }
    if (left === null) {
      signedOut()
    } else if (left === 0) {
      // At the very edge of the server's limit: ask again in a moment, since
      // the sign-in page would send a session still signed in straight back.
      setTimeout(expire, marginMs)
    } else if (left * 1000 > warningMs) {
      close()
      schedule(left)
    } else {
      deadline = Date.now() + left * 1000 + marginMs
      open()
    }
  }

  async function stay () {
    stayButton.disabled = true
    try {
      const left = await secondsLeft('POST')
      if (left === null) {
        signedOut()
        return
      }
      close()
      schedule(left)
    } catch {
      // Refused (a stale form after signing in elsewhere) or unreachable:
      // the sign-in page sorts it out, and comes straight back if still signed in.
      signedOut()
    } finally {
      stayButton.disabled = false
    }
  }

  stayForm.addEventListener('submit', (event) => {
    event.preventDefault()
    stay()
  })
  // Escape keeps the user signed in, as it does in GOV.UK services' warnings.
  dialog.addEventListener('cancel', (event) => {
    event.preventDefault()
    stay()
  })

  schedule(Number(dialog.dataset.secondsLeft))
}
