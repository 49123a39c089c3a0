"""One-click pages behind the links in lifecycle mail: GET shows a button, POST acts."""

from flask import Blueprint

bp = Blueprint("actions", __name__)
