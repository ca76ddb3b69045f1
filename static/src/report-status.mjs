// While a report on the dashboard is being produced, ask the server how it is
// going every few seconds (the interval comes from the page) instead of
// reloading the page (WCAG 2.2.1). A report that has finished gets its new row
// (its files, or why it failed) and a sentence in the polite live region; the
// "being produced" notice goes once nothing is left to wait for. Without
// JavaScript, the notice's "Check again" button reloads the list instead.

const notice = document.querySelector('[data-module="rasso-report-status"]')
if (notice) {
  reportStatus(notice)
}

function reportStatus (notice) {
  const announcer = document.querySelector('[data-report-announcement]')
  const checkAgain = notice.querySelector('[data-report-check-again]')
  const everyMs = Math.max(1, Number(notice.dataset.pollSeconds) || 5) * 1000
  // Asking less often the longer it takes (a worker may be down), and never
  // less than once a minute.
  const slowestMs = 60 * 1000
  let delayMs = everyMs
  let asked = 0

  if (checkAgain) {
    checkAgain.hidden = true
  }

  function waiting () {
    return Array.from(document.querySelectorAll('tr[data-report-status-url]'))
  }

  function announce (sentences) {
    if (!announcer || !sentences.length) return
    const paragraph = document.createElement('p')
    paragraph.className = 'govuk-body'
    paragraph.textContent = sentences.join(' ')
    announcer.replaceChildren(paragraph)
  }

  function rowFrom (html) {
    const template = document.createElement('template')
    template.innerHTML = html.trim()
    const row = template.content.firstElementChild
    return row && row.matches('tr') ? row : null
  }

  // The row stays as it is, and stops being asked about (the answer will not
  // change by asking again): "Check again" is the way on.
  function giveUp (row) {
    row.removeAttribute('data-report-status-url')
    if (checkAgain) checkAgain.hidden = false
  }

  async function ask (row) {
    let response
    try {
      response = await fetch(row.dataset.reportStatusUrl, {
        credentials: 'same-origin',
        headers: { Accept: 'application/json' }
      })
    } catch {
      return { retry: true }
    }
    if (response.status === 401) {
      return { signedOut: true }
    }
    if (!response.ok) {
      giveUp(row)
      return {}
    }
    const status = await response.json()
    if (status.in_progress && status.status === row.dataset.reportState) {
      return {}
    }
    const fresh = rowFrom(status.row)
    if (fresh) {
      row.replaceWith(fresh)
    } else {
      giveUp(row)
    }
    return status.in_progress ? {} : { said: status.message }
  }

  async function poll () {
    const sentences = []
    let retry = false
    for (const row of waiting()) {
      const answer = await ask(row)
      if (answer.signedOut) {
        // Signed out meanwhile: the page itself goes to the sign-in page,
        // which says why.
        window.location.reload()
        return
      }
      if (answer.said) sentences.push(answer.said)
      retry = retry || Boolean(answer.retry)
    }
    announce(sentences)
    if (!waiting().length) {
      if (!checkAgain || checkAgain.hidden) notice.remove()
      return
    }
    if (retry && checkAgain) checkAgain.hidden = false
    asked += 1
    if (asked >= 12) delayMs = Math.min(slowestMs, delayMs * 2)
    setTimeout(poll, delayMs)
  }

  setTimeout(poll, delayMs)
}
