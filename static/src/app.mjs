// Starts the GOV.UK Frontend and MOJ Frontend components on the page. Every
// page works without this: it only adds behaviour.
import { initAll as initGovuk } from '../dist/govuk-frontend.min.js'
import { initAll as initMoj } from '../dist/moj-frontend.min.js'

initGovuk()
initMoj()
